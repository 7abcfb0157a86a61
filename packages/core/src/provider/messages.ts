/**
 * Provider messages in errors: short, trimmed, and with the client's credentials redacted.
 * @module
 */

/** The longest provider message an error carries. */
export const MAX_PROVIDER_MESSAGE = 200;

/**
 * A provider's message as an error carries it: redacted first (so no secret is cut in half
 * and left readable), then trimmed and cut to 200 characters (`MAX_PROVIDER_MESSAGE`); undefined
 * when it is not a string or is blank.
 * @example providerMessage(body.msg, (text) => http.redact(text))
 */
export function providerMessage(message: unknown, redact: (text: string) => string): string | undefined {
  if (typeof message !== 'string') return undefined;
  const text = redact(message).trim();
  return text === '' ? undefined : text.slice(0, MAX_PROVIDER_MESSAGE);
}
