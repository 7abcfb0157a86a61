/**
 * The progress line on a terminal (cli-progress), silent when stderr is not a TTY.
 * @module
 */
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
