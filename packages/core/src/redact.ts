/**
 * Keeping credentials out of everything that leaves the SDK: errors, hooks, logs.
 *
 * Two nets, both always applied: by name (any parameter, JSON key, XML element or attribute,
 * or header whose name ends in a secret name has its value replaced) and by value (every
 * literal occurrence of a credential the client knows, raw and in the encodings it travels
 * in). Redaction may over-redact; it must never under-redact and never throw.
 * @module
 */

/** Parameter names whose values are always redacted, in any letter case, with `_` or `-` or neither. */
export const SECRET_PARAMETER_NAMES: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'token',
  'apikey',
  'api_key',
  'userkey',
  'user_key',
  'authcode',
  'auth_code',
  'secret',
  'access_token',
  'client_secret',
  'authorization',
]);

/** What replaces a secret. */
export const REDACTED = '[REDACTED]' as const;

/** Headers whose value is a credential whatever their name says. */
const SECRET_HEADER_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Secret names without separators, for comparing header names (`X-Api-Key` → `xapikey`). */
const NORMALIZED_NAMES = [...new Set(SECRET_PARAMETER_NAMES.map(normalizeName))];

/** One alternation of every name, each separator matching `-`, `_` or nothing. */
const NAME = `(?:${[...new Set(SECRET_PARAMETER_NAMES.map((name) => name.replace(/[-_]/g, '[-_]?')))].join('|')})`;

/**
 * A key that ends in a secret name (`password`, `userPassword`, `x-api-key`, `refresh_token`):
 * over-redacting a harmless `page_token` is cheaper than leaking a credential.
 */
const KEY = `[\\w.\\-]*?${NAME}`;

/** Cheap pre-check: text without any of these fragments has nothing to redact by name. */
const MAY_HOLD_NAMED_SECRET = /pass|token|key|auth|secret|cookie|:\/\/[^\s/@]*@/i;

/** A value an earlier rule already replaced. */
const ALREADY = REDACTED.replace(/[[\]]/g, '\\$&');

/** A quoted value; an unterminated one (an excerpt cut short) runs to the end of the text. */
const QUOTED = `(?:"(?:[^"\\\\]|\\\\[\\s\\S])*(?:"|$)|'(?:[^'\\\\]|\\\\[\\s\\S])*(?:'|$))`;

/**
 * Name-based rules, applied in order. Each keeps the name and replaces only the value, so a
 * redacted text still shows what was sent.
 */
const NAMED_VALUE_RULES: ReadonlyArray<
  readonly [RegExp, string | ((match: string, prefix: string) => string)]
> = [
  // Credentials in a URL's userinfo: https://user:pass@host
  [/(\b[a-z][a-z\d+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`],
  // Header lines (`Authorization: Basic …`, `X-Api-Key: …`, `Cookie: …`) to the end of the line.
  [new RegExp(`(^[ \\t]*(?:${KEY}|(?:set-)?cookie)[ \\t]*:[ \\t]*)[^\\r\\n]+`, 'gim'), `$1${REDACTED}`],
  // An authorization value anywhere in a line, scheme included: `authorization: Bearer abc`.
  [
    /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(?:basic|bearer|digest|token)\s+)?[^\s"',;&]+/gi,
    `$1${REDACTED}`,
  ],
  // JSON and JS-object notation: "token":"…", "token": 123, token: '…', and the bare words of
  // almost-JSON. Quoting is kept, and a number becomes a string so that JSON stays JSON.
  [
    new RegExp(`((["']?)${KEY}\\2\\s*:\\s*)(?!${ALREADY})(?:${QUOTED}|[^\\s,;}\\]"'<>&]+)`, 'gi'),
    redactKeyValue,
  ],
  // XML element with a value attribute: <password value="…"/>.
  [new RegExp(`(<${KEY}\\b[^>]*?\\bvalue\\s*=\\s*)(?:"[^"]*(?:"|$)|'[^']*(?:'|$))`, 'gi'), `$1"${REDACTED}"`],
  // XML element content: <password>…</password>, CDATA included. Self-closing tags have none.
  [new RegExp(`(<(${KEY})(?:\\s[^>]*[^>/])?>)[\\s\\S]*?(?=</\\2\\s*>|$)`, 'gi'), `$1${REDACTED}`],
  // Attributes: password="…".
  [new RegExp(`(${KEY}\\s*=\\s*)(?:"[^"]*(?:"|$)|'[^']*(?:'|$))`, 'gi'), `$1"${REDACTED}"`],
  // Query strings and form bodies: password=abc up to the next & (or the end).
  [new RegExp(`(${KEY}=)[^&#\\s"'<>]+`, 'gi'), `$1${REDACTED}`],
];

/** Replaces the value after a `key:` prefix, keeping its quoting (a number becomes a JSON string). */
function redactKeyValue(match: string, prefix: string): string {
  const value = match.slice(prefix.length);
  if (value.startsWith("'")) return `${prefix}'${REDACTED}'`;
  if (value.startsWith('"') || /^-?\d/.test(value)) return `${prefix}"${REDACTED}"`;
  return `${prefix}${REDACTED}`;
}

/** Literal variants per secrets list, longest first; lists are built once per client, so cache by identity. */
const variantCache = new WeakMap<readonly string[], readonly string[]>();

/**
 * Replaces credentials in any text (URL, query string, form body, JSON body, header block,
 * error message): every value of a parameter named in {@link SECRET_PARAMETER_NAMES}
 * (`password=…`, `"token":"…"`, `<password value="…"/>`, `<password>…</password>`,
 * `Authorization: …`), and every occurrence of each string in `secrets` (raw, URL-encoded and
 * form-encoded), with `[REDACTED]`. Secrets shorter than 4 characters are only redacted by name.
 *
 * @example
 * ```ts
 * redactSecrets('GET /cdr?user=ann&password=s3cr3t', []); // 'GET /cdr?user=ann&password=[REDACTED]'
 * redactSecrets('sig=abc%2Bdef', ['abc+def']);            // 'sig=[REDACTED]'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  try {
    let result = typeof text === 'string' ? text : String(text);
    if (result.length === 0) return result;
    for (const variant of literalVariants(secrets)) {
      if (result.includes(variant)) result = result.split(variant).join(REDACTED);
    }
    if (MAY_HOLD_NAMED_SECRET.test(result)) {
      for (const [pattern, replacement] of NAMED_VALUE_RULES) {
        // Two calls, one per overload of String#replace.
        result =
          typeof replacement === 'string'
            ? result.replace(pattern, replacement)
            : result.replace(pattern, replacement);
      }
    }
    return result;
  } catch {
    // Redaction must never be the reason an error gets lost; when in doubt, show nothing.
    return REDACTED;
  }
}

/** Headers as a plain object, with `authorization`, `cookie` and secret-named headers redacted. */
export function redactHeaders(
  headers: Headers | Record<string, string> | undefined,
  secrets: readonly string[] = [],
): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined) return result;
  const entries = isHeaders(headers) ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    result[key] = isSecretHeader(key) ? REDACTED : redactSecrets(String(value), secrets);
  }
  return result;
}

/**
 * A redacted excerpt of at most `maxLength` characters from the start of `text`, for error
 * messages. Redacts a longer slice before cutting, so a secret that straddles the cut is
 * caught whole instead of leaking its first half.
 */
export function redactedExcerpt(text: string, secrets: readonly string[] = [], maxLength = 200): string {
  let longest = 0;
  for (const secret of secrets) longest = Math.max(longest, secret.length * 9);
  const slice = text.length > maxLength ? text.slice(0, maxLength + 256 + longest) : text;
  const redacted = redactSecrets(slice, secrets);
  return redacted.length > maxLength ? `${redacted.slice(0, maxLength - 1)}…` : redacted;
}

function literalVariants(secrets: readonly string[]): readonly string[] {
  if (secrets.length === 0) return secrets;
  const cached = variantCache.get(secrets);
  if (cached !== undefined) return cached;
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < 4) continue;
    variants.add(secret);
    for (const encode of ENCODINGS) {
      try {
        variants.add(encode(secret));
      } catch {
        // A lone surrogate cannot be URL-encoded, so it cannot travel encoded either.
      }
    }
  }
  const sorted = [...variants].sort((a, b) => b.length - a.length);
  variantCache.set(secrets, sorted);
  return sorted;
}

/** The shapes a credential takes on its way out: in a URL, a form body, JSON and XML. */
const ENCODINGS: ReadonlyArray<(secret: string) => string> = [
  encodeURIComponent,
  (secret) => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
  (secret) => new URLSearchParams({ s: secret }).toString().slice(2),
  (secret) => encodeURIComponent(secret).replace(/%20/g, '+'),
  encodeURI,
  (secret) => JSON.stringify(secret).slice(1, -1),
  (secret) =>
    secret.replace(
      /[&<>"']/g,
      (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`,
    ),
];

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

function isSecretHeader(name: string): boolean {
  if (SECRET_HEADER_NAMES.has(name)) return true;
  const normalized = normalizeName(name);
  return NORMALIZED_NAMES.some((secretName) => normalized.endsWith(secretName));
}

function isHeaders(headers: Headers | Record<string, string>): headers is Headers {
  return typeof Headers !== 'undefined' && headers instanceof Headers;
}
