import type { CallRecord } from '../call-record.js';
import type { Page, Paged } from './types.js';

/** A `Paged` whose options were bad: it rejects on await and throws on iteration, before any request. */
export class FailedPaged<T> implements Paged<T> {
  constructor(private readonly error: unknown) {}

  // biome-ignore lint/suspicious/noThenProperty: a Paged is awaitable by design.
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return Promise.reject(this.error).then(onfulfilled, onrejected);
  }

  private fail(): AsyncIterator<never> {
    const error = this.error;
    return {
      next: () => Promise.reject(error),
      return: () => Promise.resolve({ done: true, value: undefined }),
    };
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.fail();
  }

  pages(): AsyncIterable<Page<T>> {
    return { [Symbol.asyncIterator]: () => this.fail() };
  }

  records(): AsyncIterable<CallRecord> {
    return { [Symbol.asyncIterator]: () => this.fail() };
  }

  recordPages(): AsyncIterable<Page<CallRecord>> {
    return { [Symbol.asyncIterator]: () => this.fail() };
  }

  toArray(): Promise<T[]> {
    return Promise.reject(this.error);
  }
}
