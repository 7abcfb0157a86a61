import type { CallRecord } from '../call-record.js';
import { AbortError, CdrkitError, InvalidArgumentError, ResponseFormatError } from '../errors/index.js';
import type { ProviderName, RequestOptions } from '../types.js';
import { cursorKey } from './cursor.js';
import { FailedPaged } from './failed-paged.js';
import { fetchPage, readRequestOptions } from './fetch-page.js';
import type { Cursor, Page, Paged, PageSource } from './types.js';

/** Options of {@link createPaged}: the per-call options the engine itself acts on. */
export interface PagedOptions {
  /** The caller's signal; aborting it stops every page request and ends iteration with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Requests kept in flight ahead of the consumer; 0 fetches a page only when the consumer asks for it. @defaultValue 1 */
  prefetch?: number | undefined;
  /** Stop after this many records. */
  limit?: number | undefined;
  /**
   * The call's `timeoutMs`, `retry` and `headers` (pass the list method's options as they are:
   * only those three are read). They reach every request of every page through the signal
   * `fetchPage` receives.
   */
  request?: RequestOptions | undefined;
  /** Pages whose ids are always remembered to drop duplicates. @defaultValue 3 */
  dedupeHorizon?: number | undefined;
  /**
   * Ids remembered beyond those pages, most recent first, so that a burst of records inserted
   * ahead of the position (which shifts offset paging by many pages at once) is still caught.
   * Memory stays bounded: about this many ids per iteration.
   * @defaultValue 10000
   */
  dedupeIds?: number | undefined;
}

const MAX_PREFETCH = 32;

/**
 * Builds the `Paged` a list method returns. `init` validates the call's options and builds
 * the source; it runs at once, and an error it throws (an `InvalidArgumentError`) is delivered
 * when the result is awaited or iterated, before any request.
 */
export function createPaged<T>(init: () => PageSource<T>, options: PagedOptions = {}): Paged<T> {
  try {
    const settings = readSettings(options);
    return new PagedList(init(), settings);
  } catch (error) {
    return new FailedPaged<T>(error);
  }
}

interface Settings {
  signal: AbortSignal | undefined;
  request: RequestOptions | undefined;
  prefetch: number;
  limit: number | undefined;
  dedupeHorizon: number;
  dedupeIds: number;
}

function readSettings(options: PagedOptions): Settings {
  const { prefetch = 1, limit, dedupeHorizon = 3, dedupeIds = 10_000, signal } = options;
  if (!Number.isInteger(prefetch) || prefetch < 0 || prefetch > MAX_PREFETCH) {
    throw new InvalidArgumentError(
      `\`prefetch\` must be a whole number from 0 (no read-ahead) to ${MAX_PREFETCH} (requests kept in flight ahead); got ${String(prefetch)}.`,
      { argument: 'prefetch' },
    );
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new InvalidArgumentError(
      `\`limit\` must be a whole number of records, 1 or more; got ${String(limit)}.`,
      {
        argument: 'limit',
      },
    );
  }
  if (!Number.isInteger(dedupeHorizon) || dedupeHorizon < 0) {
    throw new InvalidArgumentError(`\`dedupeHorizon\` must be a whole number of pages, 0 or more.`, {
      argument: 'dedupeHorizon',
    });
  }
  if (!Number.isInteger(dedupeIds) || dedupeIds < 0) {
    throw new InvalidArgumentError(`\`dedupeIds\` must be a whole number of ids, 0 or more.`, {
      argument: 'dedupeIds',
    });
  }
  return { signal, request: readRequestOptions(options.request), prefetch, limit, dedupeHorizon, dedupeIds };
}

/** One request launched by the engine, not yet handed to the consumer. */
interface Slot<T> {
  cursor: Cursor;
  key: string;
  controller: AbortController;
  promise: Promise<Page<T>>;
}

class PagedList<T> implements Paged<T> {
  #firstPage: Promise<Page<T>> | undefined;

  constructor(
    private readonly source: PageSource<T>,
    private readonly settings: Settings,
  ) {}

  // biome-ignore lint/suspicious/noThenProperty: a Paged is awaitable by design (the first page).
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#firstPage ??= this.fetchFirstPage();
    return this.#firstPage.then(onfulfilled, onrejected);
  }

  private async fetchFirstPage(): Promise<Page<T>> {
    const { signal, limit, request } = this.settings;
    throwIfAborted(signal, this.source);
    // A signal of its own, which the caller's aborts: the call's options ride on it, not on the caller's.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const page = await fetchPage(this.source, this.source.first, controller.signal, request);
      return limit !== undefined && page.items.length > limit
        ? { ...page, items: page.items.slice(0, limit) }
        : page;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  pages(): AsyncIterable<Page<T>> {
    return { [Symbol.asyncIterator]: () => iteratePages(this.source, this.settings, this.settings.limit) };
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return new ItemIterator(iteratePages(this.source, this.settings, this.settings.limit), (item: T) => item);
  }

  records(): AsyncIterable<CallRecord> {
    const { source, settings } = this;
    return {
      [Symbol.asyncIterator]: () =>
        new ItemIterator(iteratePages(source, settings, settings.limit), (item: T) =>
          source.toCallRecord(item),
        ),
    };
  }

  recordPages(): AsyncIterable<Page<CallRecord>> {
    const { source } = this;
    const pages = this.pages();
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of pages)
          yield { ...page, items: page.items.map((item) => source.toCallRecord(item)) };
      },
    };
  }

  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const { limit } = options;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new InvalidArgumentError(
        `toArray's \`limit\` must be a whole number, 0 or more; got ${String(limit)}.`,
        {
          argument: 'limit',
        },
      );
    }
    if (limit === 0) return [];
    const cap = minDefined(limit, this.settings.limit);
    const out: T[] = [];
    for await (const page of {
      [Symbol.asyncIterator]: () => iteratePages(this.source, this.settings, cap),
    }) {
      for (const item of page.items) out.push(item);
    }
    return out;
  }
}

/**
 * The paging engine: keeps up to `prefetch` requests in flight (the next cursor predicted by
 * the source where it can), checks each prediction against the answer's real `next` and
 * throws away what it contradicts, drops duplicates by id within the last pages, stops at
 * `limit`, and aborts whatever is in flight when the consumer stops.
 */
async function* iteratePages<T>(
  source: PageSource<T>,
  settings: Settings,
  limit: number | undefined,
): AsyncGenerator<Page<T>, void, undefined> {
  const { signal, prefetch, dedupeHorizon, dedupeIds, request } = settings;
  throwIfAborted(signal, source);
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  const queue: Slot<T>[] = [];
  const seen = new RecentIds(dedupeHorizon, dedupeIds);
  let confirmed: Cursor | null = source.first; // the next cursor to launch when the queue is empty
  let total: number | undefined;
  let received = 0;

  const launch = (cursor: Cursor): Slot<T> => {
    const controller = new AbortController();
    const abortSlot = () => controller.abort(stop.signal.reason);
    if (stop.signal.aborted) controller.abort(stop.signal.reason);
    else stop.signal.addEventListener('abort', abortSlot, { once: true });
    const promise = fetchPage(source, cursor, controller.signal, request).finally(() => {
      stop.signal.removeEventListener('abort', abortSlot);
    });
    promise.catch(() => {}); // observed when the consumer reaches it; never an unhandled rejection
    return { cursor, key: cursorKey(cursor), controller, promise };
  };

  const fill = (inFlightBesideQueue: number) => {
    while (queue.length + inFlightBesideQueue < prefetch && (limit === undefined || received < limit)) {
      const tail = queue.at(-1);
      const cursor = tail ? (source.predictNext?.(tail.cursor, total) ?? null) : confirmed;
      if (cursor === null) return;
      if (!tail) confirmed = null;
      queue.push(launch(cursor));
    }
  };

  const dropQueue = () => {
    for (const slot of queue) slot.controller.abort(new AbortError('prediction discarded'));
    queue.length = 0;
  };

  try {
    fill(0);
    for (;;) {
      // With prefetch 0 nothing runs ahead: the page the consumer now asks for starts here.
      if (queue.length === 0) {
        if (confirmed === null) return;
        queue.push(launch(confirmed));
        confirmed = null;
      }
      const head = queue.shift() as Slot<T>;
      fill(1);
      const page = await head.promise;
      if (page.total !== undefined) total = page.total;

      const next = page.next;
      const nextKey = cursorKey(next);
      if (next !== null && nextKey === head.key) {
        throw new ResponseFormatError(
          `${source.provider} ${source.operation}: the answer's next page is the page just read, so paging cannot advance.`,
          { provider: source.provider, operation: source.operation, kind: 'schema', path: 'next' },
        );
      }
      if (queue.length > 0 && queue[0]?.key !== nextKey) dropQueue();
      if (queue.length === 0) confirmed = next;

      const items = seen.keepNew(page.items, source.idOf);
      const room = limit === undefined ? Number.POSITIVE_INFINITY : limit - received;
      const delivered = items.length > room ? items.slice(0, room) : items;
      received += delivered.length;
      fill(0);
      const out: Page<T> = { items: delivered, next, response: page.response };
      if (page.total !== undefined) out.total = page.total;
      if (page.window !== undefined) out.window = page.window;
      yield out;
      if (limit !== undefined && received >= limit) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!stop.signal.aborted) stop.abort(new AbortError('iteration stopped'));
  }
}

/**
 * Items one at a time out of the pages. Hand-written rather than an async generator with
 * `yield*`, which awaits every item: here an item already in hand costs one resolved promise,
 * which matters at a million records (CPU, and the garbage that sets peak memory).
 */
class ItemIterator<T, R> implements AsyncIterator<R> {
  private items: T[] = [];
  private index = 0;

  constructor(
    private readonly pages: AsyncGenerator<Page<T>, void, undefined>,
    private readonly map: (item: T) => R,
  ) {}

  next(): Promise<IteratorResult<R>> {
    if (this.index < this.items.length) {
      try {
        return Promise.resolve({ value: this.map(this.items[this.index++] as T), done: false });
      } catch (error) {
        return this.fail(error);
      }
    }
    return this.pull();
  }

  private async pull(): Promise<IteratorResult<R>> {
    for (;;) {
      const result = await this.pages.next();
      if (result.done) return { value: undefined, done: true };
      this.items = result.value.items;
      this.index = 0;
      if (this.items.length > 0) {
        try {
          return { value: this.map(this.items[this.index++] as T), done: false };
        } catch (error) {
          return this.fail(error);
        }
      }
    }
  }

  private async fail(error: unknown): Promise<IteratorResult<R>> {
    await this.pages.return();
    throw error;
  }

  async return(): Promise<IteratorResult<R>> {
    this.items = [];
    await this.pages.return();
    return { value: undefined, done: true };
  }
}

/**
 * Ids of the last pages: at least `horizon` pages, and older pages while fewer than `maxIds`
 * ids are remembered. Offset paging repeats as many records as arrived ahead of the position,
 * which a burst can make several pages; a bounded count keeps memory flat over millions.
 */
class RecentIds {
  private readonly ids = new Set<string>();
  private readonly pages: string[][] = [];
  constructor(
    private readonly horizon: number,
    private readonly maxIds: number,
  ) {}

  keepNew<T>(items: T[], idOf: ((item: T) => string | undefined) | undefined): T[] {
    if (!idOf) return items;
    const current: string[] = [];
    let kept: T[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as T;
      const id = idOf(item);
      if (id !== undefined && this.ids.has(id)) {
        kept ??= items.slice(0, i);
      } else {
        if (id !== undefined) {
          this.ids.add(id);
          current.push(id);
        }
        kept?.push(item);
      }
    }
    this.pages.push(current);
    while (this.pages.length > this.horizon && (this.horizon === 0 || this.ids.size > this.maxIds)) {
      for (const id of this.pages.shift() ?? []) this.ids.delete(id);
    }
    return kept ?? items;
  }
}

function throwIfAborted(
  signal: AbortSignal | undefined,
  source: { provider: ProviderName; operation: string },
): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof CdrkitError) throw reason;
    throw new AbortError(`${source.provider} ${source.operation} was aborted before it started.`, {
      provider: source.provider,
      operation: source.operation,
    });
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
