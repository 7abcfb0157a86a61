/**
 * One sync run: under the account's lock, finish an interrupted run from its cursor, then read
 * [watermark − lookback, to), committing each page's rows with the state that follows it.
 * @module
 */
import { type CallRecord, InvalidArgumentError, type Paged, toDate } from '@cdrkit/core';
import type {
  ListMethodName,
  SyncListRequest,
  SyncOptions,
  SyncProgress,
  SyncSource,
  SyncSummary,
} from './options.js';
import { abortReason } from './store/sleep.js';
import type { Store, SyncKey, SyncState } from './store/types.js';

/** The lookback when none is given: a day covers long calls, late rating and clock skew. */
export const DEFAULT_LOOKBACK = '24h';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Brings `store` up to date with `source`: every record of the range upserted by (provider,
 * account, id), the watermark moved in the same transaction as the last page. A run that is
 * killed leaves what it committed; the next run continues from there, and the database ends as
 * one uninterrupted run would leave it.
 * @example
 * ```ts
 * const store = await openStore('cdrs.sqlite');
 * const telecmi = new TeleCmiClient({ appId, token });
 * const summary = await sync({
 *   source: { provider: 'telecmi', account: accountOf('telecmi', { appId }), client: telecmi, method: 'outAnswered' },
 *   store,
 *   from: '2024-01-01',
 * });
 * console.log(summary.inserted, summary.updated, summary.watermark);
 * ```
 */
export async function sync<C, M extends ListMethodName<C>>(options: SyncOptions<C, M>): Promise<SyncSummary> {
  const started = performance.now();
  const { store, source } = options;
  const lookbackMs = parseLookback(options.lookback ?? DEFAULT_LOOKBACK);
  const prefetch = options.prefetch ?? 1;
  const firstFrom = options.from === undefined ? undefined : toDate(options.from, 'from', 'UTC');
  const to = options.to === undefined ? new Date() : toDate(options.to, 'to', 'UTC');
  const list = listOf(source);
  const key = keyOf(source);
  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) throw abortReason(signal);

  const totals: SyncProgress = { records: 0, pages: 0, inserted: 0, updated: 0, unchanged: 0, elapsedMs: 0 };
  const report = () => {
    totals.elapsedMs = performance.now() - started;
    options.onProgress?.({ ...totals });
  };
  const run = { store, key, list, signal, prefetch, totals, report };

  const release = await store.lock(key, signal);
  try {
    let state = await store.readState(key);
    let resumed = false;
    if (state?.cursor && state.runFrom && state.runTo) {
      resumed = true;
      const unfinished = { from: state.runFrom, to: state.runTo };
      state = await readRange(run, state, { ...unfinished, cursor: state.cursor }).catch((error: unknown) => {
        // A cursor the client no longer accepts (another cdrkit version wrote it): the unfinished
        // range is read again from its start instead; the upserts make that harmless.
        if (!(error instanceof StaleCursorError)) throw error;
        return readRange(run, state as SyncState, unfinished);
      });
    }
    const watermark = state?.watermark ?? null;
    let from: Date;
    if (watermark === null || options.full) {
      if (!firstFrom) {
        throw new InvalidArgumentError(
          `The first sync of ${key.provider} account ${key.account} (${key.operation}) needs \`from\`: where its records start, e.g. '2024-01-01'.`,
          { provider: key.provider, operation: key.operation, argument: 'from' },
        );
      }
      from = firstFrom;
    } else {
      from = new Date(Date.parse(watermark) - lookbackMs);
    }
    let range: { from: string; to: string } | null = null;
    if (from < to) {
      range = { from: from.toISOString(), to: to.toISOString() };
      state = await readRange(run, state ?? emptyState(), range);
    }
    totals.elapsedMs = performance.now() - started;
    return {
      ...key,
      ...totals,
      from: range?.from ?? null,
      to: range?.to ?? null,
      watermark: state?.watermark ?? null,
      resumed,
    };
  } finally {
    await release();
  }
}

interface Run {
  store: Store;
  key: SyncKey;
  list: (request: SyncListRequest) => Paged<unknown>;
  signal: AbortSignal;
  prefetch: number;
  totals: SyncProgress;
  report: () => void;
}

/** Reads one range to its end, page by page; returns the state it leaves (watermark at `range.to`). */
async function readRange(
  run: Run,
  state: SyncState,
  range: { from: string; to: string; cursor?: SyncState['cursor'] },
): Promise<SyncState> {
  const { store, key, totals } = run;
  const request: SyncListRequest = {
    from: range.from,
    to: range.to,
    signal: run.signal,
    prefetch: run.prefetch,
    ...(range.cursor ? { cursor: range.cursor } : {}),
  };
  const done: SyncState = {
    watermark: laterOf(state.watermark, range.to),
    cursor: null,
    runFrom: null,
    runTo: null,
  };
  let finished = false;
  let pages = 0;
  try {
    for await (const page of run.list(request).recordPages()) {
      pages += 1;
      checkProvider(key, page.items);
      const last = page.next === null;
      const next: SyncState = last
        ? done
        : { watermark: state.watermark, cursor: page.next, runFrom: range.from, runTo: range.to };
      const counts = await store.writePage(key, page.items, next);
      totals.records += page.items.length;
      totals.pages += 1;
      totals.inserted += counts.inserted;
      totals.updated += counts.updated;
      totals.unchanged += counts.unchanged;
      finished = last;
      run.report();
    }
  } catch (error) {
    if (range.cursor && pages === 0 && error instanceof InvalidArgumentError)
      throw new StaleCursorError(error);
    throw error;
  }
  if (run.signal.aborted) throw abortReason(run.signal);
  // The iteration can end without a page whose `next` is null (an empty range, a count reached).
  if (!finished) await store.writePage(key, [], done);
  return done;
}

/** A saved cursor refused before its first page: the caller reads the range from its start. */
class StaleCursorError extends Error {
  constructor(readonly refusal: InvalidArgumentError) {
    super(refusal.message);
  }
}

function checkProvider(key: SyncKey, records: readonly CallRecord[]): void {
  const other = records.find((record) => record.provider !== key.provider);
  if (other) {
    throw new InvalidArgumentError(
      `The source says provider "${key.provider}" but its records come from "${other.provider}": fix \`source.provider\`.`,
      { provider: key.provider, argument: 'source.provider' },
    );
  }
}

function emptyState(): SyncState {
  return { watermark: null, cursor: null, runFrom: null, runTo: null };
}

function laterOf(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}

function keyOf<C, M extends ListMethodName<C>>(source: SyncSource<C, M>): SyncKey {
  const { provider, account } = source;
  if (typeof account !== 'string' || account.trim() === '') {
    throw new InvalidArgumentError(
      '`source.account` is required: accountOf(provider, settings), or a stable label of your own.',
      { argument: 'source.account' },
    );
  }
  const operation = 'list' in source ? source.operation : (source.operation ?? String(source.method));
  if (typeof operation !== 'string' || operation === '') {
    throw new InvalidArgumentError('`source.operation` is required: the list method’s name.', {
      argument: 'source.operation',
    });
  }
  return { provider, account, operation };
}

function listOf<C, M extends ListMethodName<C>>(
  source: SyncSource<C, M>,
): (request: SyncListRequest) => Paged<unknown> {
  if ('list' in source && typeof source.list === 'function') return (request) => source.list(request);
  const { client, method, options } = source as { client: unknown; method: unknown; options?: object };
  const fn = (client as Record<string, unknown> | null)?.[method as string];
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(
      `\`source.method\` must name a list method of \`source.client\` (such as outAnswered or getCDR); got ${String(method)}.`,
      { argument: 'source.method' },
    );
  }
  if (options && 'limit' in options) {
    throw new InvalidArgumentError('A sync reads every record: remove `limit` from `source.options`.', {
      argument: 'source.options.limit',
    });
  }
  return (request) => {
    const paged = fn.call(client, { ...options, ...request }) as Paged<unknown> | undefined;
    if (typeof paged?.recordPages !== 'function') {
      // Not a list method (analysis(), a download): whatever it started is of no use.
      Promise.resolve(paged).catch(() => {});
      throw new InvalidArgumentError(
        `\`source.method\` must name a list method, one that returns pages of records (such as outAnswered or getCDR); ${String(method)} does not.`,
        { argument: 'source.method' },
      );
    }
    return paged;
  };
}

/** Milliseconds of a lookback: a number of ms, or `<number><ms|s|m|h|d>` such as `'24h'`. */
export function parseLookback(value: string | number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(value) : null;
  if (!match) {
    throw new InvalidArgumentError(
      `\`lookback\` must be milliseconds or a duration such as '90m', '24h' or '7d'; got ${String(value)}.`,
      { argument: 'lookback' },
    );
  }
  return Number(match[1]) * (UNITS[(match[2] ?? 'ms').toLowerCase()] ?? 1);
}
