import { UsageError } from './errors';

/**
 * Option values checked as commander reads them (as an Option's argParser): a bad value is a
 * UsageError naming the option, e.g. `--limit must be a whole number above 0, not "0"`.
 */

/** The value as given, but not empty. */
export function nonEmpty(flag: string): (value: string) => string {
  return (value) => {
    if (value === '') throw new UsageError(`${flag} needs a value`);
    return value;
  };
}

/** A whole number from `min` (to `max`, if given). */
export function wholeNumber(flag: string, min: number, max?: number): (value: string) => number {
  const range = max === undefined ? (min === 1 ? 'above 0' : `of at least ${min}`) : `from ${min} to ${max}`;
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || (max !== undefined && number > max))
      throw new UsageError(`${flag} must be a whole number ${range}, not "${value}"`);
    return number;
  };
}

/** A number of seconds above 0, fractions allowed. */
export function seconds(flag: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number <= 0)
      throw new UsageError(`${flag} must be a number of seconds above 0, not "${value}"`);
    return number;
  };
}
