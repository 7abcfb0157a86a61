import { describe, expect, it } from 'vitest';
import { answer, expectNoSecret, readFixture, startServer } from '../src/index.js';

describe('expectNoSecret', () => {
  const secret = 'pa ss/wörd';
  it.each([
    ['the message', new Error(`login failed for ${secret}`)],
    ['a URL-encoded query', new Error(`GET /x?password=${encodeURIComponent(secret)}`)],
    ['a form-encoded body', new Error('password=pa+ss%2Fw%C3%B6rd')],
    ['a cause', new Error('outer', { cause: new Error(secret) })],
    ['a non-enumerable property', Object.defineProperty(new Error('x'), 'hidden', { value: secret })],
  ])('finds the secret in %s', (_where, error) => {
    expect(() => expectNoSecret(error, [secret])).toThrow(/secret #0 appears/);
  });

  it('passes a value that holds no secret, and never names the secret', () => {
    expect(() => expectNoSecret(new Error('password=[REDACTED]'), [secret])).not.toThrow();
    try {
      expectNoSecret(new Error(secret), [secret]);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});

describe('startServer', () => {
  it('answers over real HTTP and records what it saw', async () => {
    const server = await startServer(
      answer((request) => ({ body: JSON.stringify({ got: request.json() }) })),
    );
    try {
      const response = await fetch(`${server.url}/path?a=1`, { method: 'POST', body: '{"x":2}' });
      expect(await response.json()).toEqual({ got: { x: 2 } });
      expect(server.requests[0]?.query.get('a')).toBe('1');
    } finally {
      await server.close();
    }
  });
});

describe('readFixture', () => {
  it('reads a shared fixture', () => {
    expect(readFixture('telecmi', 'outanswered-sample.json').length).toBeGreaterThan(10);
  });
});
