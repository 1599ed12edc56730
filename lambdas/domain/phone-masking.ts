/**
 * Masks phone numbers in anything that leaves the system as text (logs above all), so a caller's
 * number never appears in full: `+447700900101` becomes `+44•••••••01`.
 *
 * Only E.164 numbers are masked, written with a `+` or, as in Twilio's form-encoded bodies and
 * query strings, `%2B` (also double-encoded, `%252B`). Plain digit runs are left alone: without the
 * plus they are timestamps, durations, SIP codes and counts far more often than phone numbers.
 */

/** Fixed width, so the masked form says nothing about how long the number was. */
const HIDDEN = '•••••••';

/**
 * A plus (literal or percent-encoded) and 7–15 digits, the first not 0, with no digit after: the
 * E.164 shape that config validation also uses. A 16th digit means it is not a phone number, and
 * the regex then fails rather than masking a prefix of a longer run.
 */
const E164 = /(\+|%(?:25)*2[Bb])([1-9]\d{6,14})(?!\d)/g;

/**
 * Keep the country code's first digits, never a subscriber digit: +1 (NANP) and +7 are the only
 * one-digit country codes; every other code has at least two digits.
 */
function keptLeadingDigits(digits: string): string {
  return digits.slice(0, digits[0] === '1' || digits[0] === '7' ? 1 : 2);
}

/** `+447700900101` → `+44•••••••01`, `From=%2B14155550100` → `From=%2B1•••••••00`. Idempotent. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(
    E164,
    (_match, plus: string, digits: string) =>
      `${plus}${keptLeadingDigits(digits)}${HIDDEN}${digits.slice(-2)}`,
  );
}

/**
 * A copy of `value` with every string masked, including object keys, nested objects and arrays,
 * Errors (message, stack, cause and own properties) and whatever `toJSON` returns (URLs, for
 * instance, serialise to strings that may carry a number). The input is never modified; cycles
 * are kept as cycles so a serialiser can deal with them as it would with the original.
 */
export function maskDeep(value: unknown): unknown {
  return maskValue(value, new WeakMap());
}

function maskValue(value: unknown, copies: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return maskPhoneNumbers(value);
  if (typeof value !== 'object' || value === null) return value;
  // A Date serialises to an ISO timestamp, which cannot hold a phone number.
  if (value instanceof Date) return value;
  const seen = copies.get(value);
  if (seen !== undefined) return seen;
  if (Array.isArray(value)) return maskArray(value, copies);
  if (value instanceof Error) return maskError(value, copies);
  if (hasToJson(value)) return maskValue(value.toJSON(), copies);
  return maskObject(value, copies);
}

function maskArray(array: readonly unknown[], copies: WeakMap<object, unknown>): unknown[] {
  const copy: unknown[] = [];
  copies.set(array, copy);
  for (const item of array) copy.push(maskValue(item, copies));
  return copy;
}

function maskObject(object: object, copies: WeakMap<object, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  copies.set(object, copy);
  for (const [key, item] of Object.entries(object)) {
    // defineProperty, not assignment: a `__proto__` key must stay a key, not become a prototype.
    Object.defineProperty(copy, maskPhoneNumbers(key), {
      value: maskValue(item, copies),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * Still an Error of the same class, so loggers keep treating it as one (Powertools formats
 * Errors with name, location, message, stack and cause). Message, stack and cause are own,
 * non-enumerable properties, hence getOwnPropertyNames rather than Object.entries. Each is read
 * from the original and stored as plain data: `stack` can be an accessor that would
 * not find its trace on the copy (as in Node 24).
 */
function maskError(error: Error, copies: WeakMap<object, unknown>): Error {
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  copies.set(error, copy);
  for (const key of Object.getOwnPropertyNames(error)) {
    Object.defineProperty(copy, maskPhoneNumbers(key), {
      value: maskValue((error as unknown as Record<string, unknown>)[key], copies),
      enumerable: Object.prototype.propertyIsEnumerable.call(error, key),
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
