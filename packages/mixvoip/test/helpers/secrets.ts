import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Every string reachable from `value`: own properties (hidden ones too), causes, stacks. */
function collectText(value: unknown, seen = new Set<unknown>(), out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
    return out;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return out;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor) collectText(descriptor.value, seen, out);
  }
  if (value instanceof Error) {
    out.push(String(value.stack), value.message);
    collectText(value.cause, seen, out);
  }
  if (value instanceof Headers) for (const [, header] of value) out.push(header);
  return out;
}

/** Fails when `secret` (raw, URL-encoded or form-encoded) appears anywhere in `value`. */
export function expectNoTrace(value: unknown, secret: string): void {
  const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  const texts = [
    ...collectText(value),
    inspect(value, { depth: 20, showHidden: true }),
    JSON.stringify(value) ?? '',
  ];
  for (const text of texts) {
    for (const form of forms)
      expect(text.includes(form), `found the secret in: ${text.slice(0, 300)}`).toBe(false);
  }
}
