import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactSecrets, SECRET_PARAMETER_NAMES } from '../src/index.js';

describe('redactSecrets by parameter name', () => {
  it('redacts query string and form values up to the next & or the end', () => {
    expect(redactSecrets('https://x.example/cdr?user=ann&password=s3cr3t&from=2024')).toBe(
      'https://x.example/cdr?user=ann&password=[REDACTED]&from=2024',
    );
    expect(redactSecrets('tenant=t1&authcode=0a1b2c')).toBe('tenant=t1&authcode=[REDACTED]');
  });

  it('matches names in any case and with -, _ or no separator', () => {
    expect(
      redactSecrets('API_KEY=1&Api-Key=2&apikey=3&USER_KEY=4&userKey=5&auth-code=6&Access_Token=7'),
    ).toBe(
      'API_KEY=[REDACTED]&Api-Key=[REDACTED]&apikey=[REDACTED]&USER_KEY=[REDACTED]&userKey=[REDACTED]&auth-code=[REDACTED]&Access_Token=[REDACTED]',
    );
  });

  it('redacts JSON string, number and boolean values, escaped quotes included', () => {
    expect(redactSecrets('{"appid":12,"token":"ab\\"cd","secret": 987,"page":1}')).toBe(
      '{"appid":12,"token":"[REDACTED]","secret": "[REDACTED]","page":1}',
    );
  });

  it('redacts a JSON value cut off by an excerpt', () => {
    expect(redactSecrets('{"ok":1,"password":"hunt')).toBe('{"ok":1,"password":"[REDACTED]"');
  });

  it('redacts XML value attributes and element content', () => {
    expect(redactSecrets('<auth><userName value="ann"/><password value="pw1"/></auth>')).toBe(
      '<auth><userName value="ann"/><password value="[REDACTED]"/></auth>',
    );
    expect(redactSecrets('<a><Password>pw1</Password><token><![CDATA[x<y]]></token><n>1</n></a>')).toBe(
      '<a><Password>[REDACTED]</Password><token>[REDACTED]</token><n>1</n></a>',
    );
  });

  it('redacts header lines and authorization values wherever they appear', () => {
    expect(redactSecrets('Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l\nAccept: */*\nX-Api-Key: k1')).toBe(
      'Authorization: [REDACTED]\nAccept: */*\nX-Api-Key: [REDACTED]',
    );
    expect(redactSecrets("headers: { authorization: 'Bearer abc.def' }")).toBe(
      "headers: { authorization: '[REDACTED]' }",
    );
  });

  it('redacts the userinfo of a URL', () => {
    expect(redactSecrets('GET https://ann:pw@host.example/x')).toBe(`GET https://${REDACTED}@host.example/x`);
  });

  it('leaves text without secrets unchanged', () => {
    const text = 'GET /v2/out_cdr?appid=123&page=2&limit=50 {"cdr":[{"from":"0041616925879"}]}';
    expect(redactSecrets(text, ['unrelated-secret'])).toBe(text);
  });

  it('lists the documented parameter names', () => {
    expect(SECRET_PARAMETER_NAMES).toEqual(
      expect.arrayContaining([
        'password',
        'passwd',
        'token',
        'apikey',
        'api_key',
        'userkey',
        'authcode',
        'secret',
      ]),
    );
  });
});

describe('redactSecrets by value', () => {
  const secret = 'p@ss w0rd/+&é';

  it('redacts the raw, URL-encoded and form-encoded forms of a secret', () => {
    const encoded = encodeURIComponent(secret);
    const form = new URLSearchParams({ s: secret }).toString().slice(2);
    const text = `raw=${secret} | uri ${encoded} | form ${form} | lower ${encoded.toLowerCase()}`;
    expect(redactSecrets(text, [secret])).toBe(
      `raw=${REDACTED} | uri ${REDACTED} | form ${REDACTED} | lower ${REDACTED}`,
    );
  });

  it('redacts a secret escaped in JSON and in XML', () => {
    const tricky = 'a"b<c>&d\\e';
    const text = `${JSON.stringify({ x: tricky })} <x>a&quot;b&lt;c&gt;&amp;d\\e</x>`;
    expect(redactSecrets(text, [tricky])).toBe(`{"x":"${REDACTED}"} <x>${REDACTED}</x>`);
  });

  it('redacts secrets of 4 characters or more only', () => {
    expect(redactSecrets('code abc and abcd', ['abc', 'abcd'])).toBe(`code abc and ${REDACTED}`);
  });

  it('prefers the longest secret when one contains another', () => {
    expect(redactSecrets('x secret-long y secret z', ['secret', 'secret-long'])).not.toContain('-long');
  });

  it('never lets an arbitrary secret through, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 4, maxLength: 24 })
          .filter((s) => !s.includes(REDACTED) && !REDACTED.includes(s)),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (secret, before, after) => {
          for (const form of [
            secret,
            encodeURIComponent(secret),
            new URLSearchParams({ s: secret }).toString().slice(2),
          ]) {
            const redacted = redactSecrets(`${before}${form}${after}`, [secret]);
            if (redacted.includes(form) && !`${before}${after}`.includes(form)) return false;
          }
          return true;
        },
      ),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (text, secrets) => {
        expect(typeof redactSecrets(text, secrets)).toBe('string');
      }),
    );
    expect(redactSecrets(undefined as unknown as string)).toBe('undefined');
  });

  it('is fast on short strings', () => {
    const secrets = ['token-1234567890'];
    const url = 'https://api.example.com/v2/out_cdr?appid=123&token=token-1234567890&page=3&limit=100';
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) redactSecrets(url, secrets);
    expect((performance.now() - started) / 10_000).toBeLessThan(0.1);
  });
});

describe('redactHeaders', () => {
  it('redacts credential headers by name and secrets in other values, with lower-case names', () => {
    const headers = new Headers({
      Authorization: 'Basic abc',
      Cookie: 'a=b',
      'X-Auth-Token': 'xyz',
      'X-Api-Key': 'k',
      Accept: 'application/json',
      'X-Echo': 'was hunter22',
    });
    expect(redactHeaders(headers, ['hunter22'])).toEqual({
      accept: 'application/json',
      authorization: REDACTED,
      cookie: REDACTED,
      'x-api-key': REDACTED,
      'x-auth-token': REDACTED,
      'x-echo': `was ${REDACTED}`,
    });
  });

  it('accepts a plain object and undefined', () => {
    expect(redactHeaders({ 'User-Agent': 'cdrkit/0.1.0', apiKey: 'k' })).toEqual({
      'user-agent': 'cdrkit/0.1.0',
      apikey: REDACTED,
    });
    expect(redactHeaders(undefined)).toEqual({});
  });
});
