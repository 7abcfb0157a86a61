import { describe, expect, it } from 'vitest';
import { expectNoTrace } from './helpers/secrets.js';

// The redaction tests are only as good as this search: check that it finds what it must.
describe('expectNoTrace', () => {
  const secret = 'Pa$$ w0rd/x';

  it.each([
    ['a message', new Error(`bad ${secret}`)],
    [
      'a URL-encoded cause',
      new Error('outer', { cause: new Error(`at ?password=${encodeURIComponent(secret)}`) }),
    ],
    ['a form-encoded property', Object.assign(new Error('x'), { body: 'password=Pa%24%24+w0rd%2Fx' })],
    ['a hidden property', Object.defineProperty(new Error('x'), 'url', { value: secret, enumerable: false })],
    ['a hook payload', [{ request: { url: `http://h/?p=${secret}` } }]],
  ])('finds the secret in %s', (_name, value) => {
    expect(() => expectNoTrace(value, secret)).toThrow();
  });

  it('passes a clean error', () => {
    expect(() => expectNoTrace(new Error('clean', { cause: new Error('also clean') }), secret)).not.toThrow();
  });
});
