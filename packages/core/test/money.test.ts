import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/errors/index.js';
import {
  decimalAdd,
  decimalMultiply,
  decimalProduct,
  decimalRound,
  decimalShift,
  toDecimalString,
} from '../src/money.js';

/**
 * The reference: a decimal as an exact fraction numerator / 10^scale, built with BigInt from
 * generated parts, and compared by cross-multiplying, so it shares no code with money.ts.
 */
interface Exact {
  numerator: bigint;
  scale: number;
}

const exact = (text: string): Exact => {
  const negative = text.startsWith('-');
  const [whole = '', fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const numerator = BigInt(`${whole}${fraction}`);
  return { numerator: negative ? -numerator : numerator, scale: fraction.length };
};
const sameValue = (a: Exact, b: Exact) =>
  a.numerator * 10n ** BigInt(b.scale) === b.numerator * 10n ** BigInt(a.scale);
const scaleOf = (text: string) => text.split('.')[1]?.length ?? 0;

/** A generated decimal string: sign, up to 15 integer digits, up to 8 fraction digits. */
const decimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 8 }))
  .map(([negative, digits, scale]) => {
    const padded = digits.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? padded : `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
    return negative && digits !== 0n ? `-${text}` : text;
  });

describe('toDecimalString', () => {
  it.each<[string | number, string]>([
    ['7.00', '7.00'],
    [0.03, '0.03'],
    [-392.15, '-392.15'],
    ['-392.15', '-392.15'],
    [1e-7, '0.0000001'],
    [1.5e21, '1500000000000000000000'],
    [0.1, '0.1'],
    [60, '60'],
    [-0, '0'],
    ['+3.5', '3.5'],
    ['  12.50 \n', '12.50'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['5.', '5'],
    ['007.50', '7.50'],
    ['-0.00', '0.00'],
    ['1.5e3', '1500'],
    ['1.25E-2', '0.0125'],
    ['0', '0'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(toDecimalString(input)).toBe(expected);
  });

  it.each<unknown>([
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '',
    ' ',
    '.',
    '-',
    '+-1',
    '1.2.3',
    '1,5',
    'N/A',
    '0x10',
    '12abc',
    'Infinity',
    '1e99999',
    null,
    undefined,
    {},
  ])('gives null for %j', (input) => {
    expect(toDecimalString(input as string)).toBeNull();
  });

  it('reads any finite number through its shortest representation', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = toDecimalString(value);
        expect(text).not.toBeNull();
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(value === 0 ? 0 : value);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every digit of a decimal string', () => {
    fc.assert(
      fc.property(decimal, (text) => {
        expect(toDecimalString(text)).toBe(text);
      }),
    );
  });
});

describe('decimalProduct', () => {
  it('multiplies and shifts in one step, from strings or numbers', () => {
    expect(decimalProduct('7.00', 2, 2)).toBe('0.1400');
    expect(decimalProduct(' 7.00 ', '2')).toBe('14.00');
    expect(decimalProduct(0.1, 3, 0)).toBe('0.3');
    expect(decimalProduct('-1.5', '2', -2)).toBe('-300');
    expect(decimalProduct('-0.00', '5', 2)).toBe('0.0000');
  });

  it('gives null for what is not a decimal, instead of throwing', () => {
    expect(decimalProduct('N/A', '2')).toBeNull();
    expect(decimalProduct('7', Number.NaN)).toBeNull();
    expect(decimalProduct('7', '2', 1.5)).toBeNull();
  });

  it('equals decimalShift of decimalMultiply', () => {
    fc.assert(
      fc.property(decimal, decimal, fc.integer({ min: -5, max: 5 }), (a, b, shift) => {
        expect(decimalProduct(a, b, shift)).toBe(decimalShift(decimalMultiply(a, b), shift));
      }),
      { numRuns: 500 },
    );
  });
});

describe('decimalMultiply', () => {
  it('multiplies exactly, adding the scales', () => {
    expect(decimalMultiply('7.00', '2')).toBe('14.00');
    expect(decimalMultiply('0.1', '0.2')).toBe('0.02');
    expect(decimalMultiply('-1.5', '0.03')).toBe('-0.045');
    expect(decimalMultiply('-1.5', '-2')).toBe('3.0');
    expect(decimalMultiply('0.00', '-5')).toBe('0.00');
    expect(decimalMultiply('99999999999999999999.99', '3')).toBe('299999999999999999999.97');
  });

  it('matches the BigInt reference', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const product = decimalMultiply(a, b);
        expect(scaleOf(product)).toBe(scaleOf(a) + scaleOf(b));
        const x = exact(a);
        const y = exact(b);
        expect(
          sameValue(exact(product), { numerator: x.numerator * y.numerator, scale: x.scale + y.scale }),
        ).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects what is not a decimal', () => {
    expect(() => decimalMultiply('abc', '2')).toThrow(InvalidArgumentError);
    expect(() => decimalMultiply('1', '')).toThrow(/`b` must be a decimal/);
  });
});

describe('decimalAdd', () => {
  it('adds exactly, keeping the larger scale', () => {
    expect(decimalAdd('0.1', '0.2')).toBe('0.3');
    expect(decimalAdd('0.10', '-0.3')).toBe('-0.20');
    expect(decimalAdd('14.00', '0.005')).toBe('14.005');
    expect(decimalAdd('-392.15', '392.15')).toBe('0.00');
    expect(decimalAdd('1', '2')).toBe('3');
  });

  it('matches the BigInt reference', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const sum = decimalAdd(a, b);
        const scale = Math.max(scaleOf(a), scaleOf(b));
        expect(scaleOf(sum)).toBe(scale);
        const x = exact(a);
        const y = exact(b);
        const numerator =
          x.numerator * 10n ** BigInt(scale - x.scale) + y.numerator * 10n ** BigInt(scale - y.scale);
        expect(sameValue(exact(sum), { numerator, scale })).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decimalRound', () => {
  it.each<[string, number, string]>([
    ['0.145', 2, '0.15'],
    ['-0.145', 2, '-0.15'],
    ['0.144', 2, '0.14'],
    ['-0.144', 2, '-0.14'],
    ['2.5', 0, '3'],
    ['-2.5', 0, '-3'],
    ['0.5', 0, '1'],
    ['-0.4', 0, '0'],
    ['14', 2, '14.00'],
    ['0.03', 5, '0.03000'],
    ['9.995', 2, '10.00'],
    ['-9.995', 2, '-10.00'],
    ['0.00000', 2, '0.00'],
    ['1.23456789', 4, '1.2346'],
  ])('rounds %j to %i places as %j', (value, places, expected) => {
    expect(decimalRound(value, places)).toBe(expected);
  });

  it('rounds half away from zero, like the BigInt reference', () => {
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 10 }), (value, places) => {
        const rounded = decimalRound(value, places);
        expect(scaleOf(rounded)).toBe(places);
        const { numerator, scale } = exact(value);
        // Reference: |v| × 10^places + 1/2, floored, with v's sign.
        const magnitude = numerator < 0n ? -numerator : numerator;
        const twice = 2n * magnitude * 10n ** BigInt(places) + 10n ** BigInt(scale);
        const floored = twice / (2n * 10n ** BigInt(scale));
        const expected = numerator < 0n ? -floored : floored;
        expect(sameValue(exact(rounded), { numerator: expected, scale: places })).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects negative or fractional places', () => {
    expect(() => decimalRound('1.5', -1)).toThrow(InvalidArgumentError);
    expect(() => decimalRound('1.5', 1.5)).toThrow(/`places` must be a whole number/);
  });
});

describe('decimalShift', () => {
  it('moves the point left: cents to euros, exactly', () => {
    expect(decimalShift('14.00', 2)).toBe('0.1400');
    expect(decimalShift('7', 2)).toBe('0.07');
    expect(decimalShift('-392', 3)).toBe('-0.392');
    expect(decimalShift('1.5', 0)).toBe('1.5');
  });

  it('moves the point right for negative places', () => {
    expect(decimalShift('0.1400', -2)).toBe('14.00');
    expect(decimalShift('1.5', -3)).toBe('1500');
  });

  it('is undone by the opposite shift and keeps the value × 10^-places', () => {
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 12 }), (value, places) => {
        const shifted = decimalShift(value, places);
        expect(decimalShift(shifted, -places)).toBe(value);
        const { numerator, scale } = exact(value);
        expect(sameValue(exact(shifted), { numerator, scale: scale + places })).toBe(true);
      }),
    );
  });

  it('rejects fractional places', () => {
    expect(() => decimalShift('1', 0.5)).toThrow(InvalidArgumentError);
  });
});
