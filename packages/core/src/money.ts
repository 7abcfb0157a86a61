/**
 * Exact decimal arithmetic on strings, for money: no float ever touches an amount. A decimal is
 * a BigInt count of units and a scale (`'7.00'` is 700 units of 10^-2), so the digits a
 * provider sent, trailing zeros included, survive every step.
 * @module
 */
import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/** A decimal: `units × 10^-scale`, scale ≥ 0. */
interface Decimal {
  units: bigint;
  scale: number;
}

/** Sign, digits, optional fraction (`5.`, `.5`), optional exponent; spaces around allowed. */
const DECIMAL = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?\s*$/;

/** The largest scale or exponent handled: far beyond money, small enough that BigInt stays cheap. */
const MAX_SCALE = 1000;

/**
 * Normalizes a decimal given as a string or a number (as JSON parsed it) to a plain decimal
 * string: `'7.00'` stays `'7.00'`, `0.03` becomes `'0.03'`, `-392.15` stays negative, `1e-7`
 * becomes `'0.0000001'`. Returns null for anything that is not a finite decimal.
 *
 * A number is read through its shortest representation (`String(n)`), so `0.1` is `'0.1'`,
 * not the binary float's long expansion. Strings may carry a sign (`+` dropped), surrounding
 * spaces, `.5` or `5.`, and an exponent; leading zeros are dropped (`'007.50'` → `'7.50'`), and
 * a negative zero loses its sign (`'-0.00'` → `'0.00'`).
 * @example
 * ```ts
 * toDecimalString(' +7.00 '); // '7.00'
 * toDecimalString(1.5e21);    // '1500000000000000000000'
 * toDecimalString('N/A');     // null
 * ```
 */
export function toDecimalString(value: string | number): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // Without an exponent, the shortest representation is already the plain decimal.
    const text = String(value);
    if (!text.includes('e')) return text;
  }
  const decimal = parseDecimal(value);
  return decimal === null ? null : formatDecimal(decimal);
}

/**
 * Exact product of two decimals; scale is the sum of the scales (`'7.00' × '2'` = `'14.00'`).
 * @throws InvalidArgumentError when either is not a decimal
 * @example
 * ```ts
 * decimalMultiply('0.0125', '3'); // '0.0375'
 * ```
 */
export function decimalMultiply(a: string, b: string): string {
  const x = requireDecimal(a, 'a');
  const y = requireDecimal(b, 'b');
  return formatDecimal({ units: x.units * y.units, scale: x.scale + y.scale });
}

/**
 * Exact `a × b × 10^-shift`, or null when either is not a decimal (no throw): a price times a
 * quantity, converted to another unit, in one step. Takes what JSON parsed too (numbers), and
 * keeps every digit: the scale is the sum of the scales plus `shift`.
 * @example
 * ```ts
 * decimalProduct('7.00', 2, 2); // '0.1400' (2 × 7.00 cents, in euros)
 * decimalProduct('N/A', 2);     // null
 * ```
 */
export function decimalProduct(a: string | number, b: string | number, shift = 0): string | null {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (x === null || y === null || !Number.isSafeInteger(shift) || Math.abs(shift) > MAX_SCALE) return null;
  const scale = x.scale + y.scale + shift;
  const units = x.units * y.units;
  return scale >= 0
    ? formatDecimal({ units, scale })
    : formatDecimal({ units: units * 10n ** BigInt(-scale), scale: 0 });
}

/**
 * Exact sum of two decimals; scale is the larger scale.
 * @throws InvalidArgumentError when either is not a decimal
 * @example
 * ```ts
 * decimalAdd('0.10', '-0.3'); // '-0.20'
 * ```
 */
export function decimalAdd(a: string, b: string): string {
  const x = requireDecimal(a, 'a');
  const y = requireDecimal(b, 'b');
  const scale = Math.max(x.scale, y.scale);
  return formatDecimal({ units: rescale(x, scale) + rescale(y, scale), scale });
}

/**
 * Rounds to `places` decimals, half away from zero (`'0.145'` → `'0.15'`, `'-0.145'` → `'-0.15'`),
 * padding with zeros (`'14'`, 2 → `'14.00'`).
 * @throws InvalidArgumentError when `value` is not a decimal or `places` not a whole number ≥ 0
 */
export function decimalRound(value: string, places: number): string {
  const decimal = requireDecimal(value, 'value');
  requirePlaces(places, 0);
  if (decimal.scale <= places) return formatDecimal({ units: rescale(decimal, places), scale: places });
  const divisor = 10n ** BigInt(decimal.scale - places);
  const negative = decimal.units < 0n;
  const magnitude = negative ? -decimal.units : decimal.units;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return formatDecimal({ units: negative ? -quotient : quotient, scale: places });
}

/**
 * Moves the decimal point left (`'14.00'`, 2 → `'0.1400'`): cents to euros, exactly. A negative
 * `places` moves it right (`'0.1400'`, -2 → `'14.00'`).
 * @throws InvalidArgumentError when `value` is not a decimal or `places` not a whole number
 */
export function decimalShift(value: string, places: number): string {
  const decimal = requireDecimal(value, 'value');
  requirePlaces(places, -MAX_SCALE);
  const scale = decimal.scale + places;
  if (scale >= 0) return formatDecimal({ units: decimal.units, scale });
  return formatDecimal({ units: decimal.units * 10n ** BigInt(-scale), scale: 0 });
}

function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return null;
  }
  const match = DECIMAL.exec(text);
  if (match === null) return null;
  const [, sign, whole = '', fraction = '', exponent] = match;
  if (whole === '' && fraction === '') return null;
  const digits = BigInt(`${whole}${fraction}` || '0');
  let units = sign === '-' ? -digits : digits;
  let scale = fraction.length - (exponent === undefined ? 0 : Number(exponent));
  if (scale < 0) {
    if (scale < -MAX_SCALE) return null;
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return scale > MAX_SCALE ? null : { units, scale };
}

function formatDecimal({ units, scale }: Decimal): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

function rescale(decimal: Decimal, scale: number): bigint {
  return scale === decimal.scale ? decimal.units : decimal.units * 10n ** BigInt(scale - decimal.scale);
}

function requireDecimal(value: string, argument: string): Decimal {
  const decimal = parseDecimal(value);
  if (decimal !== null) return decimal;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
  throw new InvalidArgumentError(
    `\`${argument}\` must be a decimal such as '7.00' or '-0.5'; got ${shown}.`,
    {
      argument,
    },
  );
}

function requirePlaces(places: number, min: number): void {
  if (Number.isSafeInteger(places) && places >= min && places <= MAX_SCALE) return;
  throw new InvalidArgumentError(
    `\`places\` must be a whole number from ${min} to ${MAX_SCALE}; got ${String(places)}.`,
    { argument: 'places' },
  );
}
