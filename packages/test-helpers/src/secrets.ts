/**
 * The assertion that no credential leaks: a secret must appear in nothing an error (or a hook
 * payload, or a log line) exposes.
 * @module
 */
import { inspect } from 'node:util';

/**
 * Every string reachable from `value`: an error's name, message, stack, own properties (enumerable
 * or not) and cause chain, an object's keys and values, a `Headers`' entries, recursively.
 */
export function collectStrings(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return [String(value)];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const strings: string[] = [];
  const keys = new Set<string>(Object.getOwnPropertyNames(value));
  if (value instanceof Error) for (const key of ['name', 'message', 'stack', 'cause']) keys.add(key);
  for (const key of keys) {
    strings.push(key, ...collectStrings((value as Record<string, unknown>)[key], seen));
  }
  if (value instanceof Headers) for (const [name, headerValue] of value) strings.push(name, headerValue);
  if (value instanceof Map || value instanceof Set) {
    for (const entry of value) strings.push(...collectStrings(entry, seen));
  }
  return strings;
}

/** Everything `value` exposes, as one text: its strings and how `util.inspect` shows it. */
export function exposedText(value: unknown): string {
  return [...collectStrings(value), inspect(value, { depth: 10, showHidden: true })].join('\n');
}

/**
 * Throws when any of `secrets` (or its URL- or form-encoded spelling) appears in what `value` exposes,
 * naming the secret's position only, never the secret.
 * @example
 * ```ts
 * const error = await client.listSdrs({ from, to }).then(() => null, (e) => e);
 * expectNoSecret(error, ['key-123']);
 * ```
 */
export function expectNoSecret(value: unknown, secrets: readonly string[]): void {
  if (value === undefined || value === null) throw new Error('expectNoSecret: there is nothing to check');
  const text = exposedText(value);
  secrets.forEach((secret, index) => {
    if (secret === '') throw new Error(`expectNoSecret: secret #${index} is empty`);
    const encoded = encodeURIComponent(secret);
    // As written, URL-encoded, and form-encoded (a space as `+`).
    for (const spelling of new Set([secret, encoded, encoded.replace(/%20/g, '+')])) {
      if (text.includes(spelling)) throw new Error(`secret #${index} appears in what the value exposes`);
    }
  });
}
