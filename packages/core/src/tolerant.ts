/**
 * The reading policy's building blocks (docs/reading-policy.md): scalars that providers send as
 * number or as string are accepted in either form, typed as the union, and read into one form
 * only when a record is normalized.
 * @module
 */
import * as z from 'zod/mini';

/** A scalar seen as a number or as a string (ids, phone numbers, rates, durations). */
export const numberOrString = /* @__PURE__ */ z.union([
  /* @__PURE__ */ z.number(),
  /* @__PURE__ */ z.string(),
]);

/** A flag seen as a boolean or as a string (`true`, `"true"`, `"1"`). */
export const booleanOrString = /* @__PURE__ */ z.union([
  /* @__PURE__ */ z.boolean(),
  /* @__PURE__ */ z.string(),
]);

/**
 * A number or numeric string as a number; null for absent, empty or non-numeric values.
 * @example readNumber('34') // 34
 */
export function readNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '' || !/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/**
 * A string or number as text, exactly as sent (a number via `String`); null for anything else
 * and for the empty string.
 * @example readText(918100000000) // '918100000000'
 */
export function readText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * `true`, `"true"`, `"1"`, `1`, `"yes"` as true; their opposites as false; null for anything else.
 * @example readFlag('true') // true
 */
export function readFlag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === '1' || text === 'yes') return true;
  if (text === 'false' || text === '0' || text === 'no') return false;
  return null;
}
