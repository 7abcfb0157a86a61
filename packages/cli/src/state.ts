/**
 * The resume state file: where an export stands, written atomically after each page so that
 * an interrupted export continues with no record lost or written twice.
 * @module
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Cursor } from '@cdrkit/core';
import { InvalidArgumentError } from '@cdrkit/core';

/**
 * The content of a `--resume` state file (JSON). A resumed run must match its provider, range,
 * format, raw flag and output file, or it is refused.
 */
export interface ExportState {
  /** Format version of the state file; a file of another version is refused. */
  version: 1;
  /** The provider exported (`telecmi`, `boxis`, …). */
  provider: string;
  /** The export's `from`, as given. */
  from: string;
  /** The export's `to`, as given. */
  to: string;
  /** The output format. */
  format: 'ndjson' | 'csv';
  /** True when provider records, not normalized CallRecords, are written. */
  raw: boolean;
  /** The output file the state belongs to. */
  out: string;
  /** Columns of a raw CSV export, fixed by its first page. */
  columns: string[] | null;
  /** The cursor after the last page written; null before the first page (or after the last). */
  cursor: Cursor | null;
  /** Output bytes that hold complete pages: anything after this was cut off mid-page. */
  bytes: number;
  /** Records written so far, over every run. */
  records: number;
  /** Pages written so far, over every run. */
  pages: number;
  /** Date windows seen so far, over every run. */
  windows: number;
  /** The date window of the last page written, to count windows. */
  window: string | null;
  /** True once the last page is written: running the command again writes nothing. */
  done: boolean;
}

/** Reads a state file, or undefined when it does not exist yet. */
export function readState(path: string): ExportState | undefined {
  if (!existsSync(path)) return undefined;
  let state: ExportState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as ExportState;
  } catch {
    throw new InvalidArgumentError(
      `The resume file ${path} is not a cdrkit export state: remove it or pick another.`,
      {
        argument: 'resume',
      },
    );
  }
  if (state.version !== 1 || typeof state.bytes !== 'number') {
    throw new InvalidArgumentError(
      `The resume file ${path} is not a cdrkit export state: remove it or pick another.`,
      {
        argument: 'resume',
      },
    );
  }
  return state;
}

/** Writes the state atomically: a reader (or a crash) sees the old file or the new one, never half. */
export function writeState(path: string, state: ExportState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
}
