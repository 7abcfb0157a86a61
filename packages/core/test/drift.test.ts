import { describe, expect, it } from 'vitest';
import { ResponseFormatError, type SchemaDriftEvent } from '../src/index.js';
import { DriftMonitor, typeName } from '../src/provider.js';

const documented = { _id: 'string', time: 'number', from: ['string', 'number'] } as const;

describe('DriftMonitor', () => {
  it('reports a missing field, another type and an unknown field, once per path', () => {
    const events: SchemaDriftEvent[] = [];
    const drift = new DriftMonitor({ provider: 'telecmi', onDrift: (event) => events.push(event) });
    const rows = [
      { _id: 'a', time: '1700000000000', from: true, cmiuid: 'x' },
      { _id: 'b', time: '1700000000001', from: false, cmiuid: 'y' },
      { time: 1 },
    ];
    for (const row of rows) drift.checkRecord('outAnswered', 'cdr[]', row, documented);
    expect(events).toEqual([
      {
        provider: 'telecmi',
        operation: 'outAnswered',
        path: 'cdr[].time',
        expected: 'number',
        received: 'string',
      },
      {
        provider: 'telecmi',
        operation: 'outAnswered',
        path: 'cdr[].from',
        expected: 'string | number',
        received: 'boolean',
      },
      {
        provider: 'telecmi',
        operation: 'outAnswered',
        path: 'cdr[].cmiuid',
        expected: 'missing',
        received: 'string',
      },
      {
        provider: 'telecmi',
        operation: 'outAnswered',
        path: 'cdr[]._id',
        expected: 'string',
        received: 'missing',
      },
    ]);
  });

  it('reports nothing for a record exactly as documented', () => {
    const events: SchemaDriftEvent[] = [];
    const drift = new DriftMonitor({ provider: 'telecmi', onDrift: (event) => events.push(event) });
    drift.checkRecord('outAnswered', 'cdr[]', { _id: 'a', time: 1, from: 2 }, documented);
    drift.checkRecord('outAnswered', '', { _id: 'a', time: 1, from: 'x' }, documented);
    expect(events).toEqual([]);
  });

  it('carries type names only, never the values received', () => {
    const events: SchemaDriftEvent[] = [];
    const drift = new DriftMonitor({ provider: 'telecmi', onDrift: (event) => events.push(event) });
    drift.checkRecord(
      'outAnswered',
      '',
      { _id: 'a', time: 1, from: 'x', token: 'hunter2-secret' },
      documented,
    );
    expect(JSON.stringify(events)).not.toContain('hunter2');
    expect(events[0]?.received).toBe('string');
  });

  it('throws ResponseFormatError with strict, naming the path', () => {
    const drift = new DriftMonitor({ provider: 'boxis', strict: true });
    expect(() => drift.checkRecord('getCDR', 'cdr', { _id: 'a', time: 'x', from: 'y' }, documented)).toThrow(
      ResponseFormatError,
    );
    try {
      drift.checkRecord('getCDR', 'cdr', { _id: 'a', time: 1, from: 'y', extra: 1 }, documented);
    } catch (error) {
      expect((error as ResponseFormatError).path).toBe('cdr.extra');
    }
  });

  it('is inactive, and free, when nobody listens', () => {
    expect(new DriftMonitor({ provider: 'iping' }).active).toBe(false);
    expect(typeName([])).toBe('array');
    expect(typeName(null)).toBe('null');
    expect(typeName(undefined)).toBe('missing');
  });
});

describe('DriftMonitor: once per field path per client', () => {
  it('reports a path once even when two methods meet it', () => {
    const events: SchemaDriftEvent[] = [];
    const drift = new DriftMonitor({ provider: 'telecmi', onDrift: (event) => events.push(event) });
    drift.checkRecord('outAnswered', 'cdr[]', { _id: 'a', time: 1, from: 'x', region: 'IN' }, documented);
    drift.checkRecord('answered', 'cdr[]', { _id: 'b', time: 2, from: 3, region: 'IN' }, documented);
    expect(events).toEqual([
      {
        provider: 'telecmi',
        operation: 'outAnswered',
        path: 'cdr[].region',
        expected: 'missing',
        received: 'string',
      },
    ]);
  });
});
