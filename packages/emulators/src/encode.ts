/** Serializers that mimic the providers' back ends byte for byte. */

/**
 * JSON as PHP's `json_encode` writes it by default: `/` escaped as `\/` and every non-ASCII
 * character as a `\uXXXX` escape (the Boxis and MIXvoip samples show `SIP\/…` and `N\/A`).
 */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes text for an XML element's content. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for an XML attribute value in double quotes. */
export function xmlAttr(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;');
}

/** A JSON answer. */
export function jsonReply(status: number, body: string | Iterable<string>, headers?: Record<string, string>) {
  return { status, contentType: 'application/json', body, ...(headers ? { headers } : {}) };
}

/** Parses `application/x-www-form-urlencoded` text into a record (last value wins). */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) out[name] = value;
  return out;
}

/** Reads a non-negative integer given as a number or a string of digits; null otherwise. */
export function readInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const n = Number(value.trim());
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}
