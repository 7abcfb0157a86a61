/**
 * Fault decisions and the ways a body is broken. Decisions come from a PRNG keyed by the
 * emulator's seed and the number of faultable requests seen so far, so a run is reproducible.
 */

import type { Faults } from './options.js';
import { saltOf, unit } from './random.js';

/** What happens to one request. */
export type FaultKind = 'rateLimit' | 'serverError' | 'drop' | 'truncate' | 'malformed' | null;

/** The decision for one request. */
export interface FaultDecision {
  kind: FaultKind;
  /** Milliseconds to wait before answering (0 for none). */
  latencyMs: number;
  /** 500, 502 or 503 when kind is serverError. */
  status: number;
}

const DECIDE = saltOf('fault-kind');
const LATENCY = saltOf('fault-latency');
const STATUS = saltOf('fault-status');

function rate(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Checks fault options and throws a RangeError naming the bad one. */
export function validateFaults(faults: Faults): void {
  const rates = ['serverErrorRate', 'rateLimitRate', 'dropRate', 'truncateRate', 'malformedRate'] as const;
  for (const name of rates) {
    const value = faults[name];
    if (value !== undefined && !(value >= 0 && value <= 1)) {
      throw new RangeError(`faults.${name} must be a probability between 0 and 1`);
    }
  }
  const { latencyMs } = faults;
  if (latencyMs !== undefined) {
    const [min, max] = typeof latencyMs === 'number' ? [latencyMs, latencyMs] : latencyMs;
    if (!(min >= 0 && max >= min)) throw new RangeError('faults.latencyMs must be ≥ 0, or a [min, max] pair');
  }
  for (const name of ['pageCap', 'answerCap'] as const) {
    const value = faults[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(`faults.${name} must be a whole number ≥ 1`);
    }
  }
  for (const name of ['retryAfterSec', 'insertAfterRequests', 'insertCount'] as const) {
    const value = faults[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`faults.${name} must be a whole number ≥ 0`);
    }
  }
  if (faults.clockSkewSec !== undefined && !Number.isFinite(faults.clockSkewSec)) {
    throw new RangeError('faults.clockSkewSec must be a number of seconds');
  }
}

/** Decides the fault of the `sequence`-th faultable request. */
export function decideFault(faults: Faults, seed: number, sequence: number): FaultDecision {
  let latencyMs = 0;
  if (faults.latencyMs !== undefined) {
    const [min, max] =
      typeof faults.latencyMs === 'number' ? [faults.latencyMs, faults.latencyMs] : faults.latencyMs;
    latencyMs = Math.round(min + unit(seed, LATENCY, sequence) * (max - min));
  }
  // One draw against cumulative thresholds gives each kind exactly its own rate.
  const r = unit(seed, DECIDE, sequence);
  const kinds: [Exclude<FaultKind, null>, number][] = [
    ['rateLimit', rate(faults.rateLimitRate)],
    ['serverError', rate(faults.serverErrorRate)],
    ['drop', rate(faults.dropRate)],
    ['truncate', rate(faults.truncateRate)],
    ['malformed', rate(faults.malformedRate)],
  ];
  let threshold = 0;
  let kind: FaultKind = null;
  for (const [name, p] of kinds) {
    threshold += p;
    if (r < threshold) {
      kind = name;
      break;
    }
  }
  const statuses = [500, 502, 503];
  const status = statuses[Math.floor(unit(seed, STATUS, sequence) * 3)] ?? 500;
  return { kind, latencyMs, status };
}

/**
 * What a crashing PHP back end prints into a body: how real APIs break mid-answer. It ends inside
 * an unterminated tag and attribute, which even lenient XML parsers reject.
 */
const CRASH =
  '<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in <b>/var/www/api/index.php</b> on line <b>212</b><br />\n<table class="xdebug-error';

/**
 * A syntactically broken version of a body: its first half followed by a crash message, which no
 * JSON or XML parser accepts and which leaves a CSV row with an unterminated quote.
 */
export function malform(body: string): string {
  return body.slice(0, Math.floor(body.length / 2)) + CRASH;
}

/** The part of a body that a truncated or dropped response still carries. */
export function shorten(body: Buffer): Buffer {
  return body.subarray(0, Math.floor(body.length / 2));
}
