/**
 * What one list call hands every request it makes, carried by the abort signal the paging
 * engine gives `fetchPage`, as Go's `context.Context` carries values beside cancellation. A
 * provider forwards that signal to `HttpClient.send` unchanged, and so the call's `timeoutMs`,
 * `retry` and `headers` reach every request, and each answer's metadata comes back to the
 * page, with no extra parameter through the provider's code.
 * @module
 */
import type { RequestOptions, ResponseMetadata } from '../types.js';

/** A call's request options, and where the answers' metadata goes. */
export interface CallContext {
  /** The call's overrides of the client's request options. */
  options: RequestOptions | undefined;
  /** Receives the metadata of every answer that a request of this call parsed successfully. */
  onResponse: (response: ResponseMetadata) => void;
}

const contexts = new WeakMap<AbortSignal, CallContext>();

/** Attaches `context` to `signal` (one the caller created for this purpose), and returns the signal. */
export function withCallContext(signal: AbortSignal, context: CallContext): AbortSignal {
  contexts.set(signal, context);
  return signal;
}

/** The context attached to `signal`, if any. */
export function callContextOf(signal: AbortSignal | undefined): CallContext | undefined {
  return signal === undefined ? undefined : contexts.get(signal);
}
