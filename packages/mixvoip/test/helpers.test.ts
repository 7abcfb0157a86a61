import { expectNoSecret } from '@cdrkit/test-helpers';
import { describe, expect, it } from 'vitest';

// The redaction tests are only as good as this search: check that it finds what it must, given
// the spellings client.test.ts passes (the raw secret and its form-encoded form).
describe('expectNoSecret, as the redaction tests call it', () => {
  const secret = 'Pa$$ w0rd/x';
  const secrets = [secret, new URLSearchParams({ s: secret }).toString().slice(2)];

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
    expect(() => expectNoSecret(value, secrets)).toThrow();
  });

  it('passes a clean error', () => {
    expect(() =>
      expectNoSecret(new Error('clean', { cause: new Error('also clean') }), secrets),
    ).not.toThrow();
  });
});
