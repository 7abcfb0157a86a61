/**
 * Hash-based randomness: every value is a pure function of (seed, salt, index), so record i of a
 * data set can be computed on its own, in any order, without keeping anything in memory.
 */

/** murmur3's 32-bit finalizer: a cheap, well-mixing bijection on uint32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a few integers into one uint32. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Split so that indices above 2^32 still change the hash.
    const low = part >>> 0;
    const high = Math.floor(part / 0x1_0000_0000) >>> 0;
    h = fmix32(h ^ low) + 0x7f4a7c15;
    if (high !== 0) h = fmix32(h ^ high) + 0x1b873593;
  }
  return fmix32(h);
}

/** A uniform number in [0, 1) derived from the given integers. */
export function unit(...parts: number[]): number {
  return hash32(...parts) / 0x1_0000_0000;
}

/** Turns a name into a salt so that each provider and data set draws different numbers. */
export function saltOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A small deterministic stream of random values for one record or one request. */
export class Rng {
  #state: number;

  constructor(...parts: number[]) {
    this.#state = hash32(...parts);
  }

  /** The next uint32. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    return fmix32(this.#state);
  }

  /** A uniform number in [0, 1). */
  float(): number {
    return this.next() / 0x1_0000_0000;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** One element of a non-empty list of [weight, value] pairs. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [weight] of items) total += weight;
    let r = this.float() * total;
    for (const [weight, value] of items) {
      r -= weight;
      if (r < 0) return value;
    }
    return (items[items.length - 1] as readonly [number, T])[1];
  }

  /** A string of `length` decimal digits (leading zeros allowed). */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.next() % 10);
    return out;
  }

  /** A string of `length` hex digits. */
  hex(length: number, upper = false): string {
    let out = '';
    for (let i = 0; i < length; i++) out += (this.next() & 15).toString(16);
    return upper ? out.toUpperCase() : out;
  }
}
