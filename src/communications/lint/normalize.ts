// The linter's view of a statement: lowercased, accents folded, apostrophes unified, whitespace collapsed, with a map
// from every normalized character back to the UTF-16 offsets of the text as sent (so findings point at its words).

const APOSTROPHES = new Set(['\u2019', '\u2018', '\u02bc', '\u2032', '\u00b4', '\u0060', '\uff07']);
const LIGATURES: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss' };
const foldCache = new Map<number, string>();

/** A non-ASCII code point, folded: '' (marks, format characters), ' ' (whitespace, emoji), '~' (other symbols) or letters. */
function foldCodePoint(cp: number, ch: string): string {
  let folded = foldCache.get(cp);
  if (folded !== undefined) return folded;
  if (APOSTROPHES.has(ch)) folded = "'";
  // Emoji sit between words in social posts ("sorry 😔 for any inconvenience"): read as spaces, like hyphens.
  else if (/^[\s\u2010\u2011\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1f1e6}-\u{1f1ff}]$/u.test(ch)) folded = ' ';
  else if (/^[\p{M}\p{Cf}]$/u.test(ch)) folded = '';
  else {
    const lower = ch.toLowerCase();
    folded = (LIGATURES[lower] ?? lower).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(); // "㎒" → "mhz"
    // Afterwards every non-ASCII character left is a letter or a digit: the patterns' word class stays small.
    folded = /^\s+$/.test(folded) ? ' ' : folded.replace(/[^\x00-\x7f\p{L}\p{N}]+/gu, '~');
  }
  if (foldCache.size < 10_000) foldCache.set(cp, folded);
  return folded;
}

/** The normalized text, and for each of its characters the original offsets where its source starts and ends. */
export function normalize(text: string): { text: string; from: Int32Array; to: Int32Array } {
  let from = new Int32Array(text.length + 8);
  let to = new Int32Array(from.length);
  let out = '';
  let n = 0;
  let last = 32; // the last character written; a leading space is never written
  let run = -1; // start of a pending run of plain ASCII, written at once with one toLowerCase()
  const ensure = (more: number) => {
    if (n + more <= from.length) return;
    const grown = [new Int32Array(2 * (n + more)), new Int32Array(2 * (n + more))];
    grown[0].set(from), grown[1].set(to);
    [from, to] = grown;
  };
  const write = (s: string, start: number, end: number) => {
    if (s === ' ' && last === 32) {
      if (n > 0) to[n - 1] = end; // a whitespace run is one space
      return;
    }
    ensure(s.length);
    for (let k = 0; k < s.length; k++) (from[n] = start), (to[n++] = end);
    out += s;
    last = s.charCodeAt(s.length - 1);
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    // Plain: printable ASCII but "-" and "`", or a single space after a written character.
    if ((c > 32 && c < 128 && c !== 45 && c !== 96) || (c === 32 && last !== 32)) {
      if (run < 0) run = i;
      ensure(1);
      (from[n] = i), (to[n++] = i + 1), (last = c), i++;
      continue;
    }
    if (run >= 0) (out += text.slice(run, i).toLowerCase()), (run = -1);
    const cp = c >= 128 ? text.codePointAt(i)! : c;
    const width = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + width);
    const folded = c >= 128 ? foldCodePoint(cp, ch) : c === 96 ? "'" : c <= 32 || c === 45 ? ' ' : ch;
    // A dropped mark belongs to the character before it: a match ending on the "e" of "e\u0301" ends after the accent.
    if (folded !== '') write(folded, i, i + width);
    else if (n > 0) to[n - 1] = i + width;
    i += width;
  }
  if (run >= 0) out += text.slice(run).toLowerCase();
  return { text: out, from: from.subarray(0, n), to: to.subarray(0, n) };
}
