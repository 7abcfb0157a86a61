import { withCallContext } from '../http/call-context.js';
import { resolveRequestOptions } from '../http/options.js';
import type { RequestOptions, ResponseMetadata } from '../types.js';
import type { Cursor, Page, PageSource } from './types.js';

/** The call's request options alone, validated now so that a bad one fails before any request. */
export function readRequestOptions(options: RequestOptions | undefined): RequestOptions | undefined {
  if (options === undefined) return undefined;
  const { timeoutMs, retry, headers } = options;
  if (timeoutMs === undefined && retry === undefined && headers === undefined) return undefined;
  const picked: RequestOptions = {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(retry === undefined ? {} : { retry }),
    ...(headers === undefined ? {} : { headers: { ...headers } }),
  };
  resolveRequestOptions(picked);
  return Object.freeze(picked);
}

/**
 * Fetches one page on `signal`, which carries the call's request options to `HttpClient.send`
 * and brings back the metadata of the answer behind the page.
 */
export async function fetchPage<T>(
  source: PageSource<T>,
  cursor: Cursor,
  signal: AbortSignal,
  request: RequestOptions | undefined,
): Promise<Page<T>> {
  let response: ResponseMetadata | undefined;
  withCallContext(signal, {
    options: request,
    onResponse: (metadata) => {
      response = metadata;
    },
  });
  const page = await source.fetchPage(cursor, signal);
  if (page.response === undefined && response !== undefined) page.response = response;
  // A source that does not send through HttpClient sets `response` itself (see PageSource).
  return page as Page<T>;
}
