/**
 * The progress line on a terminal (cli-progress), silent when stderr is not a TTY.
 * @module
 */

import type { SyncProgress } from '@cdrkit/sync';
import cliProgress from 'cli-progress';
import type { ExportProgress } from './export.js';

export interface Progress {
  update(progress: ExportProgress): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: `${label} | {records} records | {pages} pages | {windows} windows | {rate} records/s | {elapsed}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { records: 0, pages: 0, windows: 0, rate: 0, elapsed: '0.0 s' });
  return {
    update: (p) =>
      bar.update(0, {
        records: p.records,
        pages: p.pages,
        windows: p.windows,
        rate: p.elapsedMs > 0 ? Math.round((p.records / p.elapsedMs) * 1000) : 0,
        elapsed: `${(p.elapsedMs / 1000).toFixed(1)} s`,
      }),
    stop: () => bar.stop(),
  };
}

/** The progress line of `cdrkit sync`: records read, and how many were new or changed. */
export function createSyncProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
): { update(progress: SyncProgress): void; stop(): void } {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: `${label} | {records} records | {inserted} new | {updated} changed | {rate} records/s | {elapsed}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { records: 0, inserted: 0, updated: 0, rate: 0, elapsed: '0.0 s' });
  return {
    update: (p) =>
      bar.update(0, {
        records: p.records,
        inserted: p.inserted,
        updated: p.updated,
        rate: p.elapsedMs > 0 ? Math.round((p.records / p.elapsedMs) * 1000) : 0,
        elapsed: `${(p.elapsedMs / 1000).toFixed(1)} s`,
      }),
    stop: () => bar.stop(),
  };
}
