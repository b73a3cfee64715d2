// Input checks (class-validator decorators on the input classes), run the way type-graphql runs them, but with
// class-validator imported once: type-graphql's own step does `await import('class-validator')` for every
// argument it checks, a module lookup per call that cost ~3 % of a mutation's CPU.
import { validateSync, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** type-graphql's defaults: absent optional fields are not checked, plain objects are not refused. */
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/** Checks an input object (or a list of them); anything else passes. Synchronous: no validator here is async. */
export const validateArgument: ValidatorFn = (value) => {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const errors = items.filter(isObject).flatMap((item) => validateSync(item, OPTIONS));
  if (errors.length) throw new ArgumentValidationError(errors);
};

/** For an argument whose service checks every item itself (see MentionResolver.ingestMentions). */
export const skipValidation: ValidatorFn = () => undefined;
