/**
 * TeleCMI's errors: HTTP 404 for bad credentials (its doc's only error code), and errors inside
 * HTTP 200 answers (what production sends): `{"code":502,"msg":"Internal Server Error"}` while a
 * recording is not yet published, `{"error":true,"code":404,…}` for bad credentials.
 * @module
 */
import { ApiError, AuthenticationError, type CdrkitError } from '@cdrkit/core';
import { type HttpResponse, type ParseContext, providerMessage } from '@cdrkit/core/provider';

/** In-body codes worth another attempt, as their HTTP namesakes are: TeleCMI's 502 is transient. */
const TRANSIENT_CODES = new Set([408, 429, 500, 502, 503, 504]);

/** TeleCMI answers an unknown app id or a wrong secret with HTTP 404. */
export function mapHttpError(response: HttpResponse, operation: string): CdrkitError | undefined {
  if (response.status !== 404) return undefined;
  return new AuthenticationError('TeleCMI rejected the app id or secret (HTTP 404): check appId and token', {
    provider: 'telecmi',
    operation,
    status: 404,
  });
}

/**
 * Throws the error a 200 answer carries: `error: true`, or a `code` of 400 or more with no
 * records. Code 404 (and 401, 403) is an `AuthenticationError`; any other an `ApiError`, marked
 * `retryable` for the codes that are transient, so the HTTP client tries again. Never an empty page.
 * @throws AuthenticationError or ApiError
 */
export function throwInBodyError(
  data: unknown,
  context: ParseContext,
  redact: (text: string) => string,
): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
  const body = data as Record<string, unknown>;
  const code = readCode(body.code);
  const flagged = body.error === true || body.error === 'true';
  if (!flagged && (code === undefined || code < 400)) return;
  if (!flagged && Array.isArray(body.cdr) && body.cdr.length > 0) return;
  const { operation } = context;
  if (code === 404 || code === 401 || code === 403) {
    throw new AuthenticationError(
      `TeleCMI rejected the app id or secret (code ${code}): check appId and token`,
      { provider: 'telecmi', operation, status: context.status, providerCode: String(code) },
    );
  }
  const text = providerMessage(body.msg, redact);
  const error = new ApiError(
    `TeleCMI answered ${operation} with ${code === undefined ? 'an error' : `code ${code}`}${text ? `: ${text}` : ''}`,
    {
      provider: 'telecmi',
      operation,
      status: context.status,
      providerCode: code === undefined ? undefined : String(code),
      providerMessage: text,
    },
  );
  // Core's HttpClient retries an error its parser marks retryable, and throws it as is at the end.
  if (code !== undefined && TRANSIENT_CODES.has(code)) {
    Object.defineProperty(error, 'retryable', { value: true, enumerable: true });
  }
  throw error;
}

/** `404`, `"404"` or `"cmi-404"` as a number; undefined for anything else. */
function readCode(code: unknown): number | undefined {
  if (typeof code === 'number') return code;
  if (typeof code !== 'string') return undefined;
  const digits = /(\d{3})\s*$/.exec(code);
  return digits ? Number(digits[1]) : undefined;
}
