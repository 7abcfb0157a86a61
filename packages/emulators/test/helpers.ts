import { createHash } from 'node:crypto';
import type { BoxisCredentials } from '../src/index.js';

/** md5 hex, as Boxis' authcode needs it. */
export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** A signed Boxis getCDR form with the current (or a given) timestamp. */
export function boxisForm(
  credentials: BoxisCredentials,
  fields: Record<string, string> = {},
  timestamp = Math.floor(Date.now() / 1000),
): URLSearchParams {
  return new URLSearchParams({
    version: '1.0',
    returntype: 'json',
    timestamp: String(timestamp),
    username: credentials.userName,
    authcode: md5(String(timestamp) + credentials.userKey),
    section: 'voice',
    action: 'getCDR',
    tenant: credentials.tenant,
    datefrom: '',
    dateto: '',
    ...fields,
  });
}

/** POSTs JSON and returns status and parsed body. */
export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
