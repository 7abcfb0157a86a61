/**
 * The export loop: pull a range page by page from one provider, write NDJSON or CSV, and
 * checkpoint after each page.
 * @module
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { CallRecord, ClientOptions, Page } from '@cdrkit/core';
import { InvalidArgumentError, toDateRange } from '@cdrkit/core';
import { stringify } from 'csv-stringify/sync';
import type { ProviderEntry } from './providers.js';
import { type ExportState, readState, writeState } from './state.js';

/** The columns of a normalized CSV export, in order. Stable: scripts may rely on it. */
export const CALL_RECORD_COLUMNS = [
  'provider',
  'id',
  'kind',
  'direction',
  'status',
  'from',
  'to',
  'startedAt',
  'answeredAt',
  'endedAt',
  'durationSec',
  'billedSec',
  'costAmount',
  'costCurrency',
] as const;

/** What one export needs: the provider and its settings, the range, the output and its format. */
export interface ExportOptions {
  /** The provider to export from (an entry of {@link PROVIDERS}). */
  provider: ProviderEntry;
  /** Credentials and provider settings, by key. */
  settings: Record<string, string>;
  /** Options for the provider's client: base URL, time zone, retries, timeouts, hooks. */
  clientOptions: ClientOptions;
  /** Start of the range (inclusive): an ISO date or date-time, or epoch ms, as `--from` takes it. */
  from: string;
  /** End of the range (exclusive), in the same forms as `from`. */
  to: string;
  /** `'ndjson'` writes one JSON object per line; `'csv'` writes a header row, then one row per record. */
  format: 'ndjson' | 'csv';
  /** Provider records instead of normalized CallRecords. */
  raw: boolean;
  /** Output file; standard output when absent. */
  out?: string | undefined;
  /** State file for `--resume`. Requires `out`. */
  resume?: string | undefined;
  /** Requests kept in flight ahead of the writer (`--prefetch`). */
  prefetch: number;
  /** Aborts the export (Ctrl-C): pages already written, and the state file, stay valid. */
  signal: AbortSignal;
  /** Called after each page is written. */
  onProgress?: (progress: ExportProgress) => void;
  /** Where standard output goes (tests pass their own). */
  stdout?: NodeJS.WritableStream;
}

/** How far an export has come; counts include what earlier runs of a resumed export wrote. */
export interface ExportProgress {
  /** Records written. */
  records: number;
  /** Pages written. */
  pages: number;
  /** Date windows the pages came from (1 for providers that do not split the range). */
  windows: number;
  /** Milliseconds this run has taken so far (earlier runs not counted). */
  elapsedMs: number;
}

/** What {@link runExport} returns once the export is complete. */
export interface ExportSummary extends ExportProgress {
  /** The output file, or null when the records went to standard output. */
  out: string | null;
  /** True when this run continued an export from its state file. */
  resumed: boolean;
}

/** Runs one export. Errors are CdrkitErrors (bad input, authentication, transport, provider). */
export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const { provider, format, raw, out, resume } = options;
  if (resume && !out) {
    throw new InvalidArgumentError(
      '--resume needs --out FILE: an export to standard output cannot be resumed.',
      {
        argument: 'resume',
      },
    );
  }
  // Checked here too so that a bad range fails before any file is touched.
  toDateRange({ from: options.from, to: options.to }, options.clientOptions.timeZone ?? 'UTC');

  const started = performance.now();
  const previous = resume ? readState(resume) : undefined;
  if (previous) checkSameExport(previous, options);
  const state: ExportState = previous ?? {
    version: 1,
    provider: provider.name,
    from: options.from,
    to: options.to,
    format,
    raw,
    out: out ?? '-',
    columns: null,
    cursor: null,
    bytes: 0,
    records: 0,
    pages: 0,
    windows: 0,
    window: null,
    done: false,
  };
  const summary = (): ExportSummary => ({
    records: state.records,
    pages: state.pages,
    windows: state.windows,
    elapsedMs: performance.now() - started,
    out: out ?? null,
    resumed: previous !== undefined,
  });
  if (state.done) return summary();

  const sink = openSink(out, state.bytes, options.stdout ?? process.stdout);
  try {
    const paged = provider.list(options.settings, options.clientOptions, {
      from: options.from,
      to: options.to,
      cursor: state.cursor ?? undefined,
      prefetch: options.prefetch,
      signal: options.signal,
    });
    const pages: AsyncIterable<Page<unknown>> = raw ? paged.pages() : paged.recordPages();
    for await (const page of pages) {
      const text = raw
        ? encodeRaw(page.items, format, state)
        : encodeRecords(page.items as CallRecord[], format, state);
      await sink.write(text);
      state.bytes = sink.bytes;
      state.records += page.items.length;
      state.pages += 1;
      const window = page.window ? `${page.window.from}/${page.window.to}` : null;
      if (window !== null && window !== state.window) {
        state.window = window;
        state.windows += 1;
      }
      state.cursor = page.next;
      if (page.next === null) state.done = true;
      if (resume) writeState(resume, state);
      options.onProgress?.(summary());
    }
    state.done = true;
    if (state.windows === 0) state.windows = 1;
    if (resume) writeState(resume, state);
  } finally {
    sink.close();
  }
  return summary();
}

function checkSameExport(state: ExportState, options: ExportOptions): void {
  const mismatch = (
    [
      ['provider', state.provider, options.provider.name],
      ['from', state.from, options.from],
      ['to', state.to, options.to],
      ['format', state.format, options.format],
      ['raw', String(state.raw), String(options.raw)],
      ['out', state.out, options.out ?? '-'],
    ] as const
  ).find(([, saved, now]) => saved !== now);
  if (mismatch) {
    const [name, saved, now] = mismatch;
    throw new InvalidArgumentError(
      `The resume file belongs to another export (${name} was ${saved}, now ${now}): use the same options, or another --resume file.`,
      { argument: 'resume' },
    );
  }
}

interface Sink {
  bytes: number;
  write(text: string): Promise<void>;
  close(): void;
}

/** A file cut back to the last complete page (so a resumed export writes nothing twice), or stdout. */
function openSink(out: string | undefined, keepBytes: number, stdout: NodeJS.WritableStream): Sink {
  if (!out) {
    const sink: Sink = {
      bytes: 0,
      write: (text) =>
        new Promise<void>((resolve, reject) => {
          sink.bytes += Buffer.byteLength(text);
          stdout.write(text, (error) => (error ? reject(error) : resolve()));
        }),
      close: () => {},
    };
    return sink;
  }
  const fd = openSync(out, keepBytes > 0 ? 'r+' : 'w');
  if (keepBytes > 0 && fstatSync(fd).size !== keepBytes) ftruncateSync(fd, keepBytes);
  const sink: Sink = {
    bytes: keepBytes,
    write: async (text) => {
      const buffer = Buffer.from(text);
      let written = 0;
      while (written < buffer.length)
        written += writeSync(fd, buffer, written, buffer.length - written, sink.bytes + written);
      sink.bytes += buffer.length;
    },
    close: () => closeSync(fd),
  };
  return sink;
}

function encodeRecords(records: CallRecord[], format: 'ndjson' | 'csv', state: ExportState): string {
  if (format === 'ndjson') {
    let text = '';
    for (const record of records) text += `${JSON.stringify(record)}\n`;
    return text;
  }
  const rows = records.map((r) => [
    r.provider,
    r.id,
    r.kind,
    r.direction,
    r.status,
    r.from,
    r.to,
    r.startedAt,
    r.answeredAt,
    r.endedAt,
    r.durationSec,
    r.billedSec,
    r.cost?.amount ?? null,
    r.cost?.currency ?? null,
  ]);
  const header = state.bytes === 0 && state.pages === 0;
  return stringify(rows, { header, columns: [...CALL_RECORD_COLUMNS] });
}

function encodeRaw(items: unknown[], format: 'ndjson' | 'csv', state: ExportState): string {
  if (format === 'ndjson') {
    let text = '';
    for (const item of items) text += `${JSON.stringify(item)}\n`;
    return text;
  }
  if (items.length === 0) return '';
  const header = state.columns === null;
  state.columns ??= Object.keys(items[0] as object);
  const columns = state.columns;
  const rows = items.map((item) =>
    columns.map((column) => {
      const value = (item as Record<string, unknown>)[column];
      return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
    }),
  );
  return stringify(rows, { header, columns });
}
