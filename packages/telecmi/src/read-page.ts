/**
 * Reading one answer of a list endpoint: JSON, then an error in the body, then the schema,
 * then drift from the version's documented shape (only when someone listens).
 * @module
 */
import { type DriftMonitor, type ParseContext, parseJson, readNumber, validate } from '@cdrkit/core/provider';
import { throwInBodyError } from './errors.js';
import type { TeleCmiEndpoint } from './normalize.js';
import { isPlainPage, type PageResponse, pageSchema, type TeleCmiRecord } from './schemas.js';
import type { VersionSpec } from './versions.js';

/** What {@link readPage} needs beside the body. */
export interface ReadPageOptions {
  /** Names the call in errors, with the body and status for their excerpt. */
  context: ParseContext;
  /** The endpoint whose documented row drift is measured against. */
  endpoint: TeleCmiEndpoint;
  /** The API version that answered. */
  spec: VersionSpec;
  /** The client's drift monitor. */
  drift: DriftMonitor;
  /** Redacts the client's credentials from text that goes into an error. */
  redact: (text: string) => string;
}

/** One page as the client uses it: its rows as sent, and the range's count if the answer gave one. */
export interface ReadPage<T> {
  /** Every row of the answer, before the range filter. */
  rows: T[];
  /** `count` (production, v2) or `total` (the v1 doc). */
  count: number | undefined;
}

/**
 * Parses one answer of a list endpoint.
 * @throws AuthenticationError or ApiError for an error in the body (code 502 marked retryable),
 *   ResponseFormatError for a body that is not JSON, a row without an id or time, or (strict) drift
 */
export function readPage<T extends TeleCmiRecord>(body: string, options: ReadPageOptions): ReadPage<T> {
  const { context, endpoint, spec, drift } = options;
  const data = parseJson(body, context);
  throwInBodyError(data, context, options.redact);
  const page = validate(pageSchema, data, context, isPlainPage) as PageResponse<T>;
  const rows = page.cdr ?? [];
  if (drift.active) {
    const { operation } = context;
    drift.checkRecord(operation, '', page, spec.envelope);
    const documented = spec.rows[endpoint];
    for (const row of rows) {
      drift.checkRecord(operation, 'cdr[]', row, documented);
      if (spec.note !== undefined && Array.isArray(row.notes)) {
        for (const note of row.notes) drift.checkRecord(operation, 'cdr[].notes[]', note, spec.note);
      }
    }
  }
  const count = readNumber(page.count) ?? readNumber(page.total) ?? undefined;
  return { rows, count };
}
