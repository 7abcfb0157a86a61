/**
 * Turning a provider's request description into what goes on the wire, and into what hooks
 * may see of it.
 * @module
 */
import { InvalidArgumentError } from '../errors/index.js';
import { redactHeaders } from '../redact.js';
import type { ProviderName, RequestInfo } from '../types.js';
import { type ErrorContext, errorOptions } from './errors.js';
import type { HttpRequest } from './types.js';

/** A request ready for the wire: URL joined and query appended, headers and body built. */
export interface PreparedRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Headers;
  body: string | undefined;
}

/**
 * Joins the URL and builds headers and body. A call's extra `headers` go in only where the
 * client sets nothing: they can never replace a credential or the body's `Content-Type`.
 * @throws InvalidArgumentError for a malformed request (never sent, never retried)
 */
export function prepareRequest(
  request: HttpRequest,
  baseUrl: string,
  userAgent: string,
  extraHeaders: Readonly<Record<string, string>> | undefined,
  context: ErrorContext,
): PreparedRequest {
  const fail = (message: string): never => {
    throw new InvalidArgumentError(
      `${context.provider} ${context.operation}: ${message}`,
      errorOptions(context),
    );
  };
  let url: string;
  let body: string | undefined;
  const headers = new Headers();
  try {
    url = joinUrl(baseUrl, request.path, request.query);
    try {
      headers.set('user-agent', userAgent);
    } catch {
      // Some runtimes forbid setting User-Agent; the request goes out with theirs.
    }
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers.set('content-type', 'application/json');
    } else if (request.form !== undefined) {
      body = new URLSearchParams(request.form).toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    } else {
      body = request.body;
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
  } catch (error) {
    return fail(
      `could not build the request (${context.redact(error instanceof Error ? error.message : String(error))}).`,
    );
  }
  for (const [name, value] of Object.entries(extraHeaders ?? {})) {
    let taken: boolean;
    try {
      taken = headers.has(name);
    } catch {
      return fail(`headers: ${JSON.stringify(name.slice(0, 40))} is not a valid header name.`);
    }
    if (taken) {
      fail(
        `headers: '${name.toLowerCase()}' is set by the client itself (a credential, the body's type or the user agent); ` +
          'leave it out of the call options (the user agent has its own client option, userAgent).',
      );
    }
    try {
      headers.set(name, value);
    } catch {
      // The value is left out of the message: it may be a token of the user's own.
      fail(`headers: the value of '${name.toLowerCase()}' is not a valid header value (a line break?).`);
    }
  }
  return { method: request.method, url, headers, body };
}

/** `baseUrl` + `path` (or `path` alone when absolute), with the defined `query` values appended. */
function joinUrl(baseUrl: string, path: string, query: HttpRequest['query']): string {
  let url = /^[a-z][a-z\d+.-]*:/i.test(path)
    ? path
    : path === ''
      ? baseUrl
      : `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  if (query !== undefined) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) search.append(name, String(value));
    }
    const text = search.toString();
    if (text !== '') url += `${url.includes('?') ? '&' : '?'}${text}`;
  }
  return url;
}

/** What hooks see of an attempt: every credential replaced by `[REDACTED]`. */
export function requestInfo(
  provider: ProviderName,
  prepared: PreparedRequest,
  attempt: number,
  context: ErrorContext,
): RequestInfo {
  return {
    provider,
    operation: context.operation,
    method: prepared.method,
    url: context.redact(prepared.url),
    headers: redactHeaders(prepared.headers, context.secrets),
    body: prepared.body === undefined ? null : context.redact(prepared.body),
    attempt,
  };
}

/** The `Request` of a rebuilt attempt, on ky's signal (the caller's and ky's timeout together). */
export function toRequest(prepared: PreparedRequest, signal: AbortSignal | null | undefined): Request {
  return new Request(prepared.url, {
    method: prepared.method,
    headers: prepared.headers,
    // Bodiless, as in `send`: fetchAttempt adds the prepared body.
    ...(signal ? { signal } : {}),
    redirect: 'manual',
  });
}
