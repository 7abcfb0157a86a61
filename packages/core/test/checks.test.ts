import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/index.js';
import { readDate, requireRange } from '../src/provider.js';

const ctx = { provider: 'mixvoip', operation: 'getCalls' } as const;
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as InvalidArgumentError;
  }
  throw new Error('expected an InvalidArgumentError');
};

describe('readDate and requireRange', () => {
  it('read a wall time in the zone, an ISO instant and epoch ms alike', () => {
    expect(readDate('2024-03-01T01:00:00', ctx, 'from', 'Europe/Zurich')).toBe(
      Date.parse('2024-03-01T00:00:00Z'),
    );
    expect(requireRange({ from: '2024-03-01T00:00:00Z', to: 1709337600000 }, ctx, 'UTC')).toEqual({
      from: Date.parse('2024-03-01T00:00:00Z'),
      to: 1709337600000,
    });
  });

  it('name the provider, the method and the argument of a date that is not one', () => {
    const error = refusal(() => readDate('yesterday', ctx, 'to', 'UTC'));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ provider: 'mixvoip', operation: 'getCalls', argument: 'to' });
  });

  it('refuse a missing end and a range that is not [from, to), before anything else', () => {
    expect(refusal(() => requireRange({ from: '2024-03-01' }, ctx, 'UTC'))).toMatchObject({ argument: 'to' });
    const backwards = refusal(() => requireRange({ from: '2024-03-02', to: '2024-03-01' }, ctx, 'UTC'));
    expect(backwards).toMatchObject({ argument: 'from', operation: 'getCalls' });
    expect(backwards.message).toMatch(/must be before `to`.*\[from, to\)/);
    expect(refusal(() => requireRange({ from: 5, to: 5 }, ctx, 'UTC')).argument).toBe('from');
  });
});
