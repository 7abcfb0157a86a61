/**
 * The reader of getCalls' `/csv` answer, into the records the JSON answer holds. MIXvoip's
 * sample is ragged (a row may lack destination_name; date and time joined by a quoted comma;
 * an apostrophe before the extension), so cells are placed by what they look like: the first
 * date among the first five columns is call_start, and the cells around it are matched to the
 * columns whose shape they have. docs/providers/mixvoip.md ("The CSV format") lists the rules.
 * @module
 */
import { ResponseFormatError } from '@cdrkit/core';
import type { MixvoipRecordData, MixvoipWireRecord } from './schemas.js';

/** Cells of a CSV text (RFC 4180 quoting, `\n` or `\r\n` rows); blank lines are skipped. */
export interface CsvRows {
  rows: string[][];
  /** For each cell of `rows`, whether it was quoted. */
  quoted: boolean[][];
  /** 1-based line number where each row starts, for error messages. */
  lines: number[];
  /** False when the text ends inside a quoted cell (a cut-off answer). */
  complete: boolean;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Splits CSV text into rows of cells: quotes, doubled quotes, commas and line breaks inside quotes. */
export function parseCsvRows(text: string): CsvRows {
  const rows: string[][] = [];
  const quotedCells: boolean[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let rowQuoted: boolean[] = [];
  let cellQuoted = false;
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowHasContent = false;
  const endCell = () => {
    row.push(cell);
    rowQuoted.push(cellQuoted);
    cell = '';
    cellQuoted = false;
  };
  const endRow = () => {
    const last = cell;
    endCell();
    if (rowHasContent || row.length > 1 || last.trim() !== '') {
      rows.push(row);
      quotedCells.push(rowQuoted);
      lines.push(rowLine);
    }
    row = [];
    rowQuoted = [];
    rowHasContent = false;
    rowLine = line;
  };
  // plain characters are copied into the cell a run at a time (one slice), not one by one
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quoted) {
      if (code === QUOTE) {
        cell += text.slice(runStart, i);
        if (text.charCodeAt(i + 1) === QUOTE) {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
        runStart = i + 1;
      } else if (code === LF) {
        line++;
      }
    } else if (code === QUOTE) {
      cell += text.slice(runStart, i);
      runStart = i + 1;
      quoted = true;
      cellQuoted = true;
      rowHasContent = true;
    } else if (code === COMMA) {
      cell += text.slice(runStart, i);
      runStart = i + 1;
      endCell();
    } else if (code === LF) {
      cell += text.slice(runStart, i);
      runStart = i + 1;
      line++;
      endRow();
    } else if (code === CR && text.charCodeAt(i + 1) === LF) {
      // the \n ends the row; the \r is dropped
      cell += text.slice(runStart, i);
      runStart = i + 1;
    }
  }
  cell += text.slice(runStart);
  if (quoted || cell !== '' || row.length > 0) endRow();
  return { rows, quoted: quotedCells, lines, complete: !quoted };
}

/**
 * How many records a CSV answer holds, without reading them: the rows {@link parseCsvRows}
 * would find (a line break inside quotes does not end one, blank lines are none), less a
 * header row. For an answer that is only counted (one that reached `maxRecordsPerAnswer` and
 * is asked for again in parts), at a fraction of a full read's cost.
 */
export function countCsvRecords(text: string): number {
  let rows = 0;
  let firstRowEnd = -1;
  let quoted = false;
  let rowHasContent = false;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x0a; // the end of the text ends its row
    if (code === 0x22) {
      quoted = !quoted; // a doubled quote toggles twice
      rowHasContent = true;
    } else if (quoted) {
      // inside a quoted cell: commas and line breaks are text
    } else if (code === 0x0a) {
      if (rowHasContent) {
        rows++;
        if (firstRowEnd < 0) firstRowEnd = i;
      }
      rowHasContent = false;
    } else if (code !== 0x20 && code !== 0x09 && code !== 0x0d) {
      rowHasContent = true;
    }
  }
  if (quoted) rows++; // a cut answer's last row, as parseCsvRows keeps it
  if (firstRowEnd < 0) return rows;
  const firstRow = text.slice(start, firstRowEnd).replaceAll('"', '').split(',');
  return isHeader(firstRow.map((cell) => cell.trim())) ? rows - 1 : rows;
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
 * rows cannot be told from a complete one, and one cut inside a row only sometimes: a last row
 * without a final line break that stops before its last columns, or whose invoice reads `N` or
 * `N/`, is taken as cut (so a server that leaves out the invoice of its last row, with no final
 * line break, is read as a cut answer). JSON, the default, has no such blind spot.
 * @throws ResponseFormatError (kind `syntax`) naming the line it could not read
 * @example
 * ```ts
 * const records = parseMixvoipCsv(await file.text());
 * ```
 */
export function parseMixvoipCsv(text: string, context: CsvContext = {}): MixvoipWireRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { rows, quoted, lines, complete } = parseCsvRows(body);
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
  let lastRowStopsEarly = false;
  for (let index = 0; index < rows.length; index++) {
    const cells = (rows[index] as string[]).map((cell) => cell.trim());
    if (index === 0 && isHeader(cells)) continue;
    const row = readRow(cells, quoted[index] ?? []);
    if (typeof row === 'string') throw fail(index, row);
    records.push(row.record);
    lastRowStopsEarly = row.stopsEarly;
  }
  const last = records.at(-1);
  if (last !== undefined && !/[\r\n]\s*$/.test(body) && (lastRowStopsEarly || looksCutOff(last))) {
    throw fail(rows.length - 1, 'looks cut off (it ends early, without a line break)');
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

/** A TYPE value: an upper-case word (`CALLOUT`, `MSMS`, `DOCUMENTATION`). */
const TYPE_WORD = /^[A-Z][A-Z0-9_]*$/;

/** What each column after call_start looks like, for rows that lack one (see the module header). */
const TAIL_SHAPES: Readonly<Record<(typeof TAIL)[number], RegExp>> = {
  duration: /^\d+(?:\.\d+)?$/,
  pbxextension: /^(?:'.*)?$/,
  quantity: /^-?\d+$/,
  price: /^-?\d+\.\d+$/,
  invoice: /^/,
};

/**
 * One row as a record, or the reason it is not one. `stopsEarly` when it lacks its last
 * columns, which is what a cut looks like at the end of a body.
 */
function readRow(
  input: readonly string[],
  inputQuoted: readonly boolean[],
): { record: MixvoipWireRecord; stopsEarly: boolean } | string {
  const { cells, quoted } = joinSplitDateTimes(input, inputQuoted);
  // call_start is the first date among the first five columns: it is the one required field
  const at = callStartIndex(cells);
  if (at === -1) return 'has no call_start date in its first five columns';
  const leading = readLeading(cells, quoted, at);
  // the JSON answer's order: source, destination, destination_name, call_start, …
  const data = {} as MixvoipRecordData;
  if (leading.source !== undefined) data.source = leading.source;
  if (leading.destination !== undefined) data.destination = leading.destination;
  data.destination_name = leading.destinationName;
  data.call_start = joinDateTime(cells[at] as string);
  let next = at + 1;
  // call_end is listed by the doc though absent from its sample: a second date is it
  if (DATE_TIME.test(cells[next] ?? '')) {
    data.call_end = joinDateTime(cells[next] as string);
    next++;
  }
  let stopsEarly = false;
  if (cells.length - next >= TAIL.length) {
    // every tail column is there (the common case): in order, no matching needed
    for (let slot = 0; slot < TAIL.length; slot++) {
      setTail(data, TAIL[slot] as (typeof TAIL)[number], cells[next + slot] as string);
    }
  } else {
    const tail = cells.slice(next);
    const slots = matchTail(tail);
    for (let index = 0; index < tail.length; index++) {
      setTail(data, TAIL[slots[index] as number] as (typeof TAIL)[number], tail[index] as string);
    }
    stopsEarly = slots.every((slot, i) => slot === i);
  }
  for (let extra = next + TAIL.length; extra < cells.length; extra++) {
    data[`column_${extra + 1}`] = cells[extra];
  }
  const record: MixvoipWireRecord = leading.type === undefined ? { data } : { type: leading.type, data };
  return { record, stopsEarly };
}

/** The index of the first date among a row's first five cells (call_start), or -1. */
function callStartIndex(cells: readonly string[]): number {
  const end = Math.min(cells.length, 5);
  for (let index = 0; index < end; index++) if (DATE_TIME.test(cells[index] as string)) return index;
  return -1;
}

/** Sets one tail column of `data` from its cell: quantity a number when it is one, the extension without its apostrophe. */
function setTail(data: MixvoipRecordData, name: (typeof TAIL)[number], cell: string): void {
  if (name === 'quantity') data.quantity = NUMBER.test(cell) ? Number(cell) : cell;
  else data[name] = name === 'pbxextension' ? number(cell) : cell;
}

/** The columns before call_start, as {@link readLeading} reads them. */
interface Leading {
  type?: string;
  source?: string;
  destination?: string;
  destinationName: string | null;
  /** How many of type, source and destination are missing. */
  missing: number;
}

/**
 * The columns before call_start (`row`'s first `at` cells): type, source, destination,
 * destination_name, of which destination_name may be absent (the doc's CALLIN row: null) and
 * others missing.
 */
function readLeading(row: readonly string[], rowQuoted: readonly boolean[], at: number): Leading {
  if (at >= 4) {
    const [type, source, destination, name] = row as [string, string, string, string];
    return {
      type,
      source: number(source),
      destination: number(destination),
      destinationName: name,
      missing: 0,
    };
  }
  const cells = row.slice(0, at);
  const quoted = rowQuoted.slice(0, at);
  const out: Leading = { destinationName: null, missing: 0 };
  let rest = cells;
  let restQuoted = quoted;
  if (rest[0] !== undefined && !restQuoted[0] && TYPE_WORD.test(rest[0])) {
    out.type = rest[0];
    rest = rest.slice(1);
    restQuoted = restQuoted.slice(1);
  }
  // a quoted last cell is destination_name, as in the doc's CALLOUT row
  let name: string | null = null;
  if (rest.length === 3 || (rest.length > 0 && restQuoted[rest.length - 1])) {
    name = rest.at(-1) as string;
    rest = rest.slice(0, -1);
  }
  if (rest.length === 2) {
    out.source = number(rest[0] as string);
    out.destination = number(rest[1] as string);
  } else if (rest.length === 1) {
    // of the two, the caller carries the `+` in both of the doc's rows
    if ((rest[0] as string).startsWith('+')) out.source = number(rest[0] as string);
    else out.destination = number(rest[0] as string);
  }
  out.destinationName = name;
  out.missing = (out.type === undefined ? 1 : 0) + 2 - rest.length;
  return out;
}

/**
 * Which tail column each of fewer than five cells is: the first assignment, trying the leftmost
 * columns first, in which every cell has its column's shape; plain order when none fits.
 */
function matchTail(cells: readonly string[]): number[] {
  const names = TAIL;
  const found: number[] = [];
  const place = (cell: number, slot: number): boolean => {
    if (cell === cells.length) return true;
    if (names.length - slot < cells.length - cell) return false;
    if (TAIL_SHAPES[names[slot] as (typeof TAIL)[number]].test(cells[cell] as string)) {
      found.push(slot);
      if (place(cell + 1, slot + 1)) return true;
      found.pop();
    }
    return place(cell, slot + 1);
  };
  return place(0, 0) ? found : cells.map((_, i) => i);
}

/** Joins a date and a time that an unquoted comma split into two cells. */
function joinSplitDateTimes(
  cells: readonly string[],
  quoted: readonly boolean[],
): { cells: readonly string[]; quoted: readonly boolean[] } {
  let out: string[] | undefined; // made only when a row has a split date (rare)
  let outQuoted: boolean[] | undefined;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    const next = cells[i + 1];
    if (next !== undefined && DATE.test(cell) && TIME.test(next)) {
      out ??= cells.slice(0, i);
      outQuoted ??= cells.slice(0, i).map((_, j) => quoted[j] === true);
      out.push(`${cell} ${next}`);
      outQuoted.push(quoted[i] === true);
      i++;
    } else if (out !== undefined && outQuoted !== undefined) {
      out.push(cell);
      outQuoted.push(quoted[i] === true);
    }
  }
  return out === undefined || outQuoted === undefined ? { cells, quoted } : { cells: out, quoted: outQuoted };
}

/** `2021-06-29,08:30:15` (or with a line break, several spaces) → `2021-06-29 08:30:15`. */
function joinDateTime(value: string): string {
  return value.replace(/[\s,]+/g, ' ');
}

/** Drops the apostrophe a spreadsheet export puts before a number to keep it text (`'20` → `20`). */
function number(cell: string): string {
  return cell.replace(APOSTROPHE_NUMBER, '');
}
