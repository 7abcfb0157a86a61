/**
 * A lazy, ordered data set: record i's time is a pure function of (seed, salt, i), spread over
 * [from, to) and non-decreasing in i, so a time range maps to an index range by binary search and
 * a page costs O(page size) whatever the data set's size. Nothing is stored but one counter of
 * records inserted by the `insertAfterRequests` fault.
 *
 * Keys: 0 … count−1 are generated records in ascending time; count … count+inserted−1 are
 * inserted ones, which share the time of the record at the front of the serving order.
 */
import { unit } from './random.js';

/** How a data set's times are laid out. */
export interface DatasetSpec {
  /** Generated records. */
  count: number;
  /** Inclusive start of the period, epoch ms. */
  fromMs: number;
  /** Exclusive end of the period, epoch ms. */
  toMs: number;
  /** Resolution of the times: 1000 for providers that write whole seconds, 1 for epoch ms. */
  unitMs: number;
  seed: number;
  salt: number;
  /** Serving order: oldest first (`asc`) or newest first (`desc`, TeleCMI). */
  order: 'asc' | 'desc';
  /** True when record i is a copy of record i−1 and so shares its time (never chained). */
  sharesPreviousTime?: (index: number) => boolean;
}

/** The records of a data set that fall in a time range, in serving order. */
export interface Selection {
  readonly length: number;
  /** The key of the record at a serving position in [0, length). */
  keyAt(position: number): number;
}

/** One provider data set: times by index, range selection, inserted records. */
export class Dataset {
  readonly count: number;
  readonly order: 'asc' | 'desc';
  /** Records inserted so far by the insert fault. */
  inserted = 0;
  readonly #start: number;
  readonly #slot: number;
  readonly #end: number;
  readonly #unit: number;
  readonly #seed: number;
  readonly #salt: number;
  readonly #shares: ((index: number) => boolean) | undefined;

  constructor(spec: DatasetSpec) {
    this.count = spec.count;
    this.order = spec.order;
    this.#unit = spec.unitMs;
    this.#start = Math.ceil(spec.fromMs / spec.unitMs);
    this.#end = Math.ceil(spec.toMs / spec.unitMs);
    if (this.#end <= this.#start) {
      throw new RangeError(
        `from..to must span at least ${spec.unitMs === 1 ? 'one millisecond' : 'one second'}`,
      );
    }
    this.#slot = (this.#end - this.#start) / Math.max(1, spec.count);
    this.#seed = spec.seed;
    this.#salt = spec.salt;
    this.#shares = spec.sharesPreviousTime;
  }

  /** Epoch ms of generated record `index`. */
  timeAt(index: number): number {
    if (this.#shares && index > 0 && this.#shares(index)) index -= 1;
    // (index + u) is exact below 2^21 and rounding is monotonic above, so times never decrease.
    const offset = Math.floor((index + unit(this.#seed, this.#salt, index)) * this.#slot);
    return Math.min(this.#start + offset, this.#end - 1) * this.#unit;
  }

  /** Epoch ms of any key, generated or inserted. */
  timeOfKey(key: number): number {
    if (key < this.count) return this.timeAt(key);
    if (this.count === 0) return this.#start * this.#unit;
    return this.order === 'asc' ? this.timeAt(0) : this.timeAt(this.count - 1);
  }

  /** True for keys of records inserted by the insert fault. */
  isInserted(key: number): boolean {
    return key >= this.count;
  }

  /** The first generated index whose time is ≥ `ms` (count when none). */
  lowerBound(ms: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first generated index whose time is > `ms`. */
  upperBound(ms: number): number {
    return this.lowerBound(Math.floor(ms) + 1);
  }

  /** The records whose time lies in [loMs, hiMs], both inclusive, in serving order. */
  select(loMs: number, hiMs: number): Selection {
    const a = this.lowerBound(loMs);
    const b = Math.max(a, this.upperBound(hiMs));
    let inserted = 0;
    if (this.inserted > 0) {
      const edge = this.timeOfKey(this.count);
      if (edge >= loMs && edge <= hiMs) inserted = this.inserted;
    }
    const newestInserted = this.count + this.inserted - 1;
    const generated = b - a;
    const asc = this.order === 'asc';
    return {
      length: inserted + generated,
      keyAt: (position) => {
        if (position < inserted) return newestInserted - position;
        const p = position - inserted;
        return asc ? a + p : b - 1 - p;
      },
    };
  }

  /** Every record, in serving order. */
  all(): Selection {
    return this.select(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }
}

/** Iterates the keys of a selection from `start`, at most `limit` of them. */
export function* keysOf(
  selection: Selection,
  start = 0,
  limit = Number.POSITIVE_INFINITY,
): Generator<number> {
  const end = Math.min(selection.length, start + limit);
  for (let p = Math.max(0, start); p < end; p++) yield selection.keyAt(p);
}
