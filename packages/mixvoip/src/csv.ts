/**
 * The CSV reader for getCalls' `/csv` answer. MIXvoip's sample is ragged, so rows are read by
 * what their cells look like, not only by position:
 *
 * ```
 * CALLOUT,+35220333320,35220333000,"Luxembourg","2021-06-29,08:30:15",61,'20,2,7.00,N/A
 * CALLIN,+35220333000,35220333320,"2021-06-29 10:40:00",0,,0,0.00,N/A
 * ```
 *
 * - the columns are type, source, destination, destination_name, call_start, duration,
 *   pbxextension, quantity, price, invoice (the JSON answer's order);
 * - a row may have no destination_name column at all (the CALLIN row): the date tells where
 *   call_start is;
 * - date and time are joined by a comma inside quotes, or by a space; an unquoted comma (date
 *   and time in two cells) is joined back;
 * - the extension (and a number, where a spreadsheet export added one) may carry a leading
 *   apostrophe, which is dropped;
 * - a header row, if MIXvoip ever sends one, is skipped.
 *
 * Each row becomes the record the JSON answer would hold: call_start with a single space between
 * date and time, `destination_name` null when the column is missing, `quantity` a number, every
 * other cell a string.
 * @module
 */
import { ResponseFormatError } from '@cdrkit/core';
import type { MixvoipRecordData, MixvoipWireRecord } from './schemas.js';

/** Cells of a CSV text (RFC 4180 quoting, `\n` or `\r\n` rows); blank lines are skipped. */
export interface CsvRows {
  rows: string[][];
  /** 1-based line number where each row starts, for error messages. */
  lines: number[];
  /** False when the text ends inside a quoted cell (a cut-off answer). */
  complete: boolean;
}

/** Splits CSV text into rows of cells: quotes, doubled quotes, commas and line breaks inside quotes. */
export function parseCsvRows(text: string): CsvRows {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowHasContent = false;
  const endRow = () => {
    row.push(cell);
    if (rowHasContent || row.length > 1 || cell.trim() !== '') {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    cell = '';
    rowHasContent = false;
    rowLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
      rowHasContent = true;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      line++;
      endRow();
    } else if (char === '\r' && text[i + 1] === '\n') {
      // the \n ends the row
    } else {
      cell += char;
    }
  }
  if (quoted || cell !== '' || row.length > 0) endRow();
  return { rows, lines, complete: !quoted };
}

/**
 * Context of a CSV answer, for errors.
 * @inline
 */
interface CsvContext {
  /** The client method the CSV answered (named in errors). @defaultValue 'getCalls' */
  operation?: string;
  /** Redacts credentials from text quoted in an error. */
  redact?: (text: string) => string;
}

/** The columns after call_start, in order. */
const TAIL = ['duration', 'pbxextension', 'quantity', 'price', 'invoice'] as const;

const DATE_TIME = /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}(?:[\sT,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)?$/i;
const DATE = /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?$/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const APOSTROPHE_NUMBER = /^'(?=[+\d])/;

/**
 * Reads getCalls' CSV answer into the same records the JSON answer holds (see this module's
 * documentation for the quirks it handles). An empty text is no records.
 *
 * A row it cannot read is a `ResponseFormatError` of kind `syntax`, as JSON that does not
 * parse is (the HTTP layer retries it): a CSV body that a crashing back end or a cut
 * connection broke looks like that. CSV has no end marker, though: a body cut exactly between
 * rows cannot be told from a complete one, and one cut inside the last cell only sometimes (a
 * last row without a final line break whose invoice reads `N` or `N/` is taken as a cut `N/A`).
 * JSON, the default, has no such blind spot.
 * @throws ResponseFormatError (kind `syntax`) naming the line it could not read
 * @example
 * ```ts
 * const records = parseMixvoipCsv(await file.text());
 * ```
 */
export function parseMixvoipCsv(text: string, context: CsvContext = {}): MixvoipWireRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { rows, lines, complete } = parseCsvRows(body);
  const operation = context.operation ?? 'getCalls';
  const fail = (index: number, reason: string) => {
    const redact = context.redact ?? ((value: string) => value);
    return new ResponseFormatError(`MIXvoip ${operation}: CSV line ${lines[index] ?? '?'} ${reason}.`, {
      provider: 'mixvoip',
      operation,
      kind: 'syntax',
      path: `line ${lines[index] ?? '?'}`,
      excerpt: redact(rows[index]?.join(',') ?? '').slice(0, 200),
    });
  };
  if (!complete) throw fail(rows.length - 1, 'ends inside a quoted cell: the answer was cut off');
  const records: MixvoipWireRecord[] = [];
  for (let index = 0; index < rows.length; index++) {
    const cells = (rows[index] as string[]).map((cell) => cell.trim());
    if (index === 0 && isHeader(cells)) continue;
    const record = readRow(cells);
    if (typeof record === 'string') throw fail(index, record);
    records.push(record);
  }
  const last = records.at(-1);
  if (last !== undefined && !/[\r\n]\s*$/.test(body) && looksCutOff(last)) {
    throw fail(rows.length - 1, 'looks cut off (its last cell is incomplete)');
  }
  return records;
}

/** A last row whose invoice a cut made shorter: `N` or `N/` for `N/A`. */
function looksCutOff(record: MixvoipWireRecord): boolean {
  const { invoice } = record.data;
  return invoice === 'N' || invoice === 'N/';
}

function isHeader(cells: readonly string[]): boolean {
  return cells[0]?.toLowerCase() === 'type' && cells.some((cell) => cell.toLowerCase() === 'call_start');
}

/** One row as a record, or the reason it is not one. */
function readRow(input: readonly string[]): MixvoipWireRecord | string {
  const cells = joinSplitDateTimes(input);
  if (cells.length < 3) return 'has too few columns';
  const [type, source, destination] = cells as [string, string, string];
  let at = 3;
  let destinationName: string | null = null;
  if (!DATE_TIME.test(cells[at] ?? '')) {
    if (!DATE_TIME.test(cells[at + 1] ?? '')) return 'has no call_start date in the 4th or 5th column';
    destinationName = cells[at] as string;
    at++;
  }
  const data: MixvoipRecordData = {
    source: number(source),
    destination: number(destination),
    destination_name: destinationName,
    call_start: joinDateTime(cells[at] as string),
    quantity: '',
    price: '',
    invoice: '',
  };
  at++;
  // call_end is listed by the doc though absent from its sample: a second date is it
  if (DATE_TIME.test(cells[at] ?? '')) {
    data.call_end = joinDateTime(cells[at] as string);
    at++;
  }
  if (cells.length - at < TAIL.length) return `has ${cells.length} columns, too few after call_start`;
  data.duration = cells[at] as string;
  data.pbxextension = number(cells[at + 1] as string);
  const quantity = cells[at + 2] as string;
  data.quantity = NUMBER.test(quantity) ? Number(quantity) : quantity;
  data.price = cells[at + 3] as string;
  data.invoice = cells[at + 4] as string;
  for (let extra = at + TAIL.length; extra < cells.length; extra++) {
    data[`column_${extra + 1}`] = cells[extra];
  }
  return { type, data };
}

/** Joins a date and a time that an unquoted comma split into two cells. */
function joinSplitDateTimes(cells: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    const next = cells[i + 1];
    if (next !== undefined && DATE.test(cell) && TIME.test(next)) {
      out.push(`${cell} ${next}`);
      i++;
    } else {
      out.push(cell);
    }
  }
  return out;
}

/** `2021-06-29,08:30:15` (or with a line break, several spaces) → `2021-06-29 08:30:15`. */
function joinDateTime(value: string): string {
  return value.replace(/[\s,]+/g, ' ');
}

/** Drops the apostrophe a spreadsheet export puts before a number to keep it text (`'20` → `20`). */
function number(cell: string): string {
  return cell.replace(APOSTROPHE_NUMBER, '');
}
