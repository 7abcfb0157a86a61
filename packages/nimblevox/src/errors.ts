/**
 * The SDR API's error answers as cdrkit errors. Nimblevox reports errors with an error status
 * only (no error inside a 200 answer); 401 and 406 get messages of their own, the rest core's.
 * @module
 */
import { ApiError, AuthenticationError, type CdrkitError } from '@cdrkit/core';
import { type HttpResponse, providerMessage } from '@cdrkit/core/provider';

/**
 * Maps a non-2xx answer to its error: 401 `AuthenticationError`, 406 `ApiError` naming the
 * formats that exist; undefined for core's default mapping. `redact` scrubs the client's key.
 */
export function mapHttpError(
  response: HttpResponse,
  operation: string,
  redact: (text: string) => string,
): CdrkitError | undefined {
  const base = { status: response.status, provider: 'nimblevox', operation } as const;
  if (response.status === 401) {
    return new AuthenticationError(
      'Nimblevox rejected the apiKey (HTTP 401): check the key of your account.',
      {
        ...base,
        providerMessage: messageOf(response, redact),
      },
    );
  }
  if (response.status === 406) {
    return new ApiError(
      "Nimblevox cannot answer in the requested format (HTTP 406 Not Acceptable): the formats that exist are json and xml (`format: 'json'` or `format: 'xml'`).",
      { ...base, providerMessage: messageOf(response, redact) },
    );
  }
  return undefined;
}

/** The `message` (or `error`) of an error answer, JSON or XML, short and redacted; else undefined. */
function messageOf(response: HttpResponse, redact: (text: string) => string): string | undefined {
  let message: unknown;
  try {
    const body = JSON.parse(response.body) as { message?: unknown; error?: unknown } | null;
    message = body?.message ?? body?.error;
  } catch {
    message = /<message>([^<]*)<\/message>/.exec(response.body)?.[1];
  }
  return providerMessage(message, redact);
}
