/** Reading a stored item's attributes, which the table does not type, and writing absent ones as JSON. */

export type Item = Record<string, unknown>;

export const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
export const numeric = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** JSON output keeps every key, so a missing value is null rather than a missing key. */
export const orNull = <T>(value: T | undefined) => value ?? null;
