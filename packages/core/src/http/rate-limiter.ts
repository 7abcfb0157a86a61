/**
 * Spaces requests at least `1000 / requestsPerSecond` ms apart. One limiter per client, so
 * prefetched pages, parallel calls and retries all share the same budget.
 *
 * Callers reserve slots in call order (so waiting is FIFO without a queue), and on waking check
 * the time of the last actual send: a timer that fired late, or a little early, must not let
 * two requests through closer together than the limit.
 */
export class RateLimiter {
  readonly #intervalMs: number;
  #nextSlot = Number.NEGATIVE_INFINITY;
  #lastSent = Number.NEGATIVE_INFINITY;

  constructor(requestsPerSecond: number) {
    this.#intervalMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the caller may send; rejects with `abortError()` when `signal` aborts first. */
  async acquire(signal: AbortSignal | undefined, abortError: () => Error): Promise<void> {
    const reserved = Math.max(performance.now(), this.#nextSlot);
    this.#nextSlot = reserved + this.#intervalMs;
    try {
      for (;;) {
        const now = performance.now();
        const wait = Math.max(reserved, this.#lastSent + this.#intervalMs) - now;
        if (wait <= 0) {
          this.#lastSent = now;
          return;
        }
        await sleep(Math.ceil(wait), signal, abortError);
      }
    } catch (error) {
      // Give the slot back when nobody queued behind it, so an aborted call costs nothing.
      if (this.#nextSlot === reserved + this.#intervalMs) this.#nextSlot = reserved;
      throw error;
    }
  }
}

/** Waits `ms`, or rejects with `abortError()` as soon as `signal` aborts (at once if it already has). */
function sleep(ms: number, signal: AbortSignal | undefined, abortError: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
