import { inspect } from 'node:util';

/**
 * Everything an error exposes, as one string: message, stack, own properties (enumerable or
 * not), and the same for its cause chain. A secret that is nowhere in it is nowhere in the error.
 */
export function exposedText(error: unknown, depth = 0): string {
  if (depth > 5 || error === null || error === undefined) return '';
  if (typeof error !== 'object') return String(error);
  const parts = [inspect(error, { depth: 10, showHidden: true })];
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as Record<string, unknown>)[key];
    parts.push(`${key}=${typeof value === 'string' ? value : safeJson(value)}`);
  }
  if (error instanceof Error) {
    parts.push(error.message, error.stack ?? '', exposedText(error.cause, depth + 1));
  }
  return parts.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
