// The one type ruru's server code takes from ruru-types: the explorer's props (passed through to its bundle as JSON).
export type RuruProps = Record<string, unknown>;
