/** Defensive readers for JSON records from Kling: a missing or odd field reads as undefined. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectField(record: JsonObject, key: string): JsonObject | undefined {
  const value = record[key];
  return isObject(value) ? value : undefined;
}

export function arrayField(record: JsonObject, key: string): unknown[] {
  const value = record[key];
  return Array.isArray(value) ? value : [];
}

/** A non-empty string. */
export function textField(record: JsonObject, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * An id: a non-empty string, or a number small enough to be exact. Kling's task ids are strings
 * of 18–19 digits; one that arrives as a larger JSON number has already lost digits.
 */
export function idField(record: JsonObject, key: string): string | undefined {
  const value = record[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

/** A time in Unix milliseconds, as a number or a digit string. */
export function timeField(record: JsonObject, key: string): number | undefined {
  const value = record[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return Number(value);
  return undefined;
}
