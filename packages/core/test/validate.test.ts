import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ResponseFormatError, redactSecrets } from '../src/index.js';
import { isPlainObject, parseJson, validate } from '../src/provider.js';

const context = { provider: 'telecmi', operation: 'outAnswered' } as const;

function thrown(run: () => unknown): ResponseFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseFormatError);
    return error as ResponseFormatError;
  }
  throw new Error('expected a ResponseFormatError');
}

describe('parseJson', () => {
  it('parses valid JSON', () => {
    expect(parseJson(' {"a":[1,"0041"]} ', context)).toEqual({ a: [1, '0041'] });
  });

  it.each([
    ['an empty body', ''],
    ['a whitespace-only body', ' \r\n\t'],
    ['a truncated body', '{"cdr":[{"id":1},{"id"'],
    ['a malformed body', '{"cdr": nope}'],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
  ])('throws a syntax ResponseFormatError for %s', (_name, body) => {
    const error = thrown(() => parseJson(body, { ...context, body, status: 200 }));
    expect(error.kind).toBe('syntax');
    expect(error.provider).toBe('telecmi');
    expect(error.operation).toBe('outAnswered');
    expect(error.status).toBe(200);
    expect(error.excerpt).toBe(body);
  });

  it('says a truncated body ends early', () => {
    expect(thrown(() => parseJson('{"a":[1,2', context)).message).toMatch(/ends early/);
  });

  it('keeps the excerpt short and redacted', () => {
    const body = `{"token":"tok-abcdef","x":"${'y'.repeat(500)}`;
    const error = thrown(() => parseJson(body, { ...context, body, secrets: ['tok-abcdef'] }));
    expect(error.excerpt!.length).toBeLessThanOrEqual(200);
    expect(error.excerpt).toContain('[REDACTED]');
    expect(JSON.stringify(error) + error.message + error.stack).not.toContain('tok-abcdef');
  });

  it('does not quote the body in its message', () => {
    const body = '{"password": hunter22}';
    const error = thrown(() => parseJson(body, { ...context, body }));
    expect(error.message).not.toContain('hunter22');
    expect(error.excerpt).not.toContain('hunter22');
  });
});

describe('validate', () => {
  const schema = z.object({
    code: z.number(),
    cdr: z.array(z.object({ id: z.string(), time: z.string(), status: z.enum(['answered', 'missed']) })),
  });
  const good = { id: 'a', time: '2024-01-01 10:00:00', status: 'answered' };

  it('returns the schema output', () => {
    const data = { code: 200, cdr: [good] };
    expect(validate(schema, data, context)).toEqual(data);
  });

  it('returns the data itself when `accepts` says yes, and lets zod decide and name the field when it says no', () => {
    const data = { code: 200, cdr: [good] };
    const seen: unknown[] = [];
    const accepts = (value: unknown) => {
      seen.push(value);
      return (value as { code?: unknown }).code === 200;
    };
    expect(validate(schema, data, context, accepts)).toBe(data);
    const bad = { code: 500, cdr: [{ ...good, status: 'busy' }] };
    const error = thrown(() => validate(schema, bad, context, accepts));
    expect(error.path).toBe('cdr[0].status');
    const fine = { code: 201, cdr: [] };
    expect(validate(schema, fine, context, accepts)).toEqual(fine);
    expect(seen).toEqual([data, bad, fine]);
  });

  it('names the first bad field by path, with what was expected', () => {
    const data = { code: 200, cdr: [good, good, good, { ...good, time: 1700000000 }] };
    const error = thrown(() => validate(schema, data, context));
    expect(error.kind).toBe('schema');
    expect(error.path).toBe('cdr[3].time');
    expect(error.message).toMatch(/at cdr\[3\]\.time \(expected string, got number\)/);
  });

  it('says when a required field is missing', () => {
    const error = thrown(() => validate(schema, { cdr: [] }, context));
    expect(error.path).toBe('code');
    expect(error.message).toMatch(/at code \(a required number is missing\)/);
  });

  it('lists the allowed values of an enum', () => {
    const error = thrown(() => validate(schema, { code: 1, cdr: [{ ...good, status: 'weird' }] }, context));
    expect(error.path).toBe('cdr[0].status');
    expect(error.message).toMatch(/expected "answered" or "missed", got string/);
  });

  it('reports a mismatch at the top level', () => {
    const error = thrown(() => validate(schema, [1, 2], context));
    expect(error.path).toBe('');
    expect(error.message).toMatch(/at the top level \(expected object, got array\)/);
  });

  it('keeps its message readable through redaction when a field is named like a credential', () => {
    const error = thrown(() => validate(z.object({ token: z.string() }), { token: 5 }, context));
    expect(redactSecrets(error.message)).toBe(error.message);
    expect(error.message).toMatch(/at token \(expected string, got number\)/);
  });

  it('brackets keys that are not identifiers', () => {
    const error = thrown(() => validate(z.record(z.string(), z.number()), { 'call id': 'x' }, context));
    expect(error.path).toBe('["call id"]');
  });

  it('attaches a redacted excerpt of the body when given one', () => {
    const body = '{"token":"secret-token-1","cdr":5}';
    const error = thrown(() =>
      validate(schema, JSON.parse(body), { ...context, body, secrets: ['secret-token-1'] }),
    );
    expect(error.excerpt).toBe('{"token":"[REDACTED]","cdr":5}');
  });

  it('validates a large page quickly', () => {
    const data = {
      code: 200,
      cdr: Array.from({ length: 1000 }, (_, index) => ({ ...good, id: String(index) })),
    };
    const started = performance.now();
    for (let i = 0; i < 20; i++) validate(schema, data, context);
    expect((performance.now() - started) / 20).toBeLessThan(20);
  });
});

describe('isPlainObject', () => {
  it('is true for objects only, not arrays, null or scalars', () => {
    expect([{}, { a: 1 }, Object.create(null)].map(isPlainObject)).toEqual([true, true, true]);
    expect([[], null, undefined, 'x', 1, true].map(isPlainObject)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
