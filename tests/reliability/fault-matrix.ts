/**
 * The fault matrix, one file per provider (`fault-matrix.<provider>.test.ts`) so that they run
 * in parallel: every provider, a full iteration of 20,000 records, with the emulator
 * serving 5xx, dropped connections, 429 + Retry-After, latency, truncated and malformed bodies.
 * A faulted run must yield exactly the ids of a fault-free run; with retries off, each fault
 * must surface as its own error class; a fault that persists must end the run in an error,
 * never in a silently shorter result.
 */
import {
  ApiError,
  CdrkitError,
  NetworkError,
  type ProviderName,
  RateLimitError,
  ResponseFormatError,
  type RetryInfo,
  TimeoutError,
} from '@cdrkit/core';
import type { FaultCounts, Faults } from '@cdrkit/emulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caught, collectIds, duplicatesOf, FAST_RETRY, type ListExtras, SUBJECTS } from './harness.js';

const RECORDS = 20_000;
const SEED = 11;

/** 5% 5xx, 2% dropped connections, 1% 429 with Retry-After: 0, and 0–20 ms of latency on every request. */
const NETWORK_FAULTS: Faults = {
  serverErrorRate: 0.05,
  dropRate: 0.02,
  rateLimitRate: 0.01,
  retryAfterSec: 0,
  latencyMs: [0, 20],
};
const BODY_FAULTS: Faults = { truncateRate: 0.04, malformedRate: 0.04 };

/**
 * The wire formats besides the default, which read bodies through another parser, and the body
 * faults each is held to. A CSV body has no end marker: one cut between rows (or inside its last
 * cell) cannot be told from a complete one, so MIXvoip's CSV is held to malformed bodies only
 * (see docs/reliability.md); its default, JSON, is held to both.
 */
const OTHER_FORMAT: Partial<Record<ProviderName, { extras: ListExtras; faults: Faults; label: string }>> = {
  boxis: {
    extras: { format: 'xml', pageSize: 6 },
    faults: BODY_FAULTS,
    label: 'truncated and malformed XML',
  },
  nimblevox: {
    extras: { format: 'xml', pageSize: 20 },
    faults: BODY_FAULTS,
    label: 'truncated and malformed XML',
  },
  iping: {
    extras: { format: 'query', pageSize: 20 },
    faults: BODY_FAULTS,
    label: 'truncated and malformed (query transport)',
  },
  mixvoip: { extras: { format: 'csv' }, faults: { malformedRate: 0.08 }, label: 'malformed CSV' },
};

/** January only: enough requests for faults at small page sizes, few records. */
const JANUARY = { from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' };

function countsSince(emu: { faultCounts: FaultCounts }, before: FaultCounts): FaultCounts {
  const now = emu.faultCounts;
  const delta = { ...now };
  for (const key of Object.keys(now) as (keyof FaultCounts)[]) delta[key] = now[key] - before[key];
  return delta;
}

/** Defines the whole matrix for one provider. */
export function describeFaultMatrix(name: ProviderName): void {
  describe(`${name}: fault matrix`, () => {
    const subject = SUBJECTS[name];
    let emu: Awaited<ReturnType<typeof subject.start>>;
    let baseline: string[];

    beforeAll(async () => {
      emu = await subject.start({ records: RECORDS, seed: SEED, ...subject.range });
      baseline = await collectIds(subject, subject.client(emu, { retry: FAST_RETRY })(subject.range));
    }, 60_000);
    afterAll(() => emu?.close());
    afterEach(() => emu.setFaults(undefined));

    it('a fault-free run yields all 20,000 records once', () => {
      expect(baseline).toHaveLength(RECORDS);
      expect(duplicatesOf(baseline)).toEqual([]);
      const expected = subject.emulatorIds?.(emu);
      if (expected !== undefined) expect([...baseline].sort()).toEqual([...expected].sort());
    });

    it('5% 5xx, 2% drops, 1% 429 and latency: exactly the fault-free ids, in order', async () => {
      const before = emu.faultCounts;
      emu.setFaults(NETWORK_FAULTS);
      const ids = await collectIds(
        subject,
        subject.client(emu, { retry: FAST_RETRY })(subject.range, { prefetch: 4 }),
      );
      expect(ids).toEqual(baseline);
      const served = countsSince(emu, before);
      expect(served.serverError).toBeGreaterThan(0);
      expect(served.drop).toBeGreaterThan(0);
      expect(served.rateLimit).toBeGreaterThan(0);
      expect(served.latency).toBeGreaterThan(0);
    }, 60_000);

    it('truncated and malformed bodies are retried: exactly the fault-free ids', async () => {
      const before = emu.faultCounts;
      emu.setFaults(BODY_FAULTS);
      const retried: RetryInfo[] = [];
      const client = subject.client(emu, {
        retry: FAST_RETRY,
        hooks: { beforeRetry: (info) => void retried.push(info) },
      });
      const ids = await collectIds(subject, client(subject.range, { prefetch: 2 }));
      expect(ids).toEqual(baseline);
      const served = countsSince(emu, before);
      expect(served.truncate).toBeGreaterThan(0);
      expect(served.malformed).toBeGreaterThan(0);
      // Every retry was caused by a body that did not parse.
      expect(retried.length).toBe(served.truncate + served.malformed);
      for (const retry of retried) expect(retry.error).toBeInstanceOf(ResponseFormatError);
    }, 60_000);

    const other = OTHER_FORMAT[name];
    if (other !== undefined) {
      it(`${other.label} bodies are retried: exactly the fault-free ids`, async () => {
        const list = subject.client(emu, { retry: FAST_RETRY });
        const range = name === 'mixvoip' ? subject.range : JANUARY;
        const clean = await collectIds(subject, list(range, other.extras));
        expect(clean.length).toBeGreaterThan(2000);
        const before = emu.faultCounts;
        emu.setFaults(other.faults);
        const ids = await collectIds(subject, list(range, { ...other.extras, prefetch: 2 }));
        expect(ids).toEqual(clean);
        const served = countsSince(emu, before);
        if (other.faults.truncateRate) expect(served.truncate).toBeGreaterThan(0);
        expect(served.malformed).toBeGreaterThan(0);
      }, 60_000);
    }

    it('latency spikes past timeoutMs are retried as timeouts: exactly the fault-free ids', async () => {
      let request = 0;
      emu.setFaults({ latencyMs: 400, match: () => ++request % 60 === 0 });
      const retried: RetryInfo[] = [];
      const client = subject.client(emu, {
        retry: FAST_RETRY,
        timeoutMs: 150,
        hooks: { beforeRetry: (info) => void retried.push(info) },
      });
      const ids = await collectIds(subject, client(subject.range));
      expect(ids).toEqual(baseline);
      expect(retried.some((retry) => retry.error instanceof TimeoutError)).toBe(true);
    }, 60_000);

    it("waits out a 429's Retry-After before retrying", async () => {
      let request = 0;
      emu.setFaults({ rateLimitRate: 1, retryAfterSec: 1, match: () => ++request === 1 });
      const retried: RetryInfo[] = [];
      const client = subject.client(emu, {
        retry: FAST_RETRY,
        hooks: { beforeRetry: (info) => void retried.push(info) },
      });
      const started = performance.now();
      const page = await client(subject.range);
      expect(performance.now() - started).toBeGreaterThanOrEqual(990);
      expect(page.items.length).toBeGreaterThan(0);
      expect(retried.map((retry) => [retry.delayMs, retry.error.constructor])).toEqual([
        [1000, RateLimitError],
      ]);
    });

    it('a Retry-After longer than retry.maxRetryAfterMs ends at once in RateLimitError', async () => {
      emu.setFaults({ rateLimitRate: 1, retryAfterSec: 120 });
      const requests = emu.requestCount;
      const error = await caught(() => subject.client(emu, { retry: FAST_RETRY })(subject.range));
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(120_000);
      expect(emu.requestCount - requests).toBe(1);
    });

    describe('with retries off, the first fault surfaces as its own error class', () => {
      const cases: [string, Faults, (error: unknown) => void][] = [
        [
          '5xx → ApiError',
          { serverErrorRate: 1 },
          (error) => {
            expect(error).toBeInstanceOf(ApiError);
            expect([500, 502, 503]).toContain((error as ApiError).status);
          },
        ],
        [
          'dropped connection → NetworkError',
          { dropRate: 1 },
          (error) => expect(error).toBeInstanceOf(NetworkError),
        ],
        [
          '429 → RateLimitError with retryAfterMs',
          { rateLimitRate: 1, retryAfterSec: 7 },
          (error) => {
            expect(error).toBeInstanceOf(RateLimitError);
            expect((error as RateLimitError).retryAfterMs).toBe(7000);
          },
        ],
        [
          'truncated body → ResponseFormatError',
          { truncateRate: 1 },
          (error) => {
            expect(error).toBeInstanceOf(ResponseFormatError);
            expect((error as ResponseFormatError).kind).toBe('syntax');
          },
        ],
        [
          'malformed body → ResponseFormatError',
          { malformedRate: 1 },
          (error) => {
            expect(error).toBeInstanceOf(ResponseFormatError);
            expect((error as ResponseFormatError).kind).toBe('syntax');
          },
        ],
      ];
      it.each(cases)('%s', async (_, faults, check) => {
        emu.setFaults(faults);
        const requests = emu.requestCount;
        const error = await caught(() =>
          collectIds(subject, subject.client(emu, { retry: 0 })(subject.range)),
        );
        check(error);
        expect(error).toBeInstanceOf(CdrkitError);
        expect((error as CdrkitError).provider).toBe(name);
        expect(emu.requestCount - requests).toBe(1);
      });
    });

    it.each([
      ['malformed', { malformedRate: 1 }],
      ['truncated', { truncateRate: 1 }],
    ] as const)(
      '%s bodies on every request end the iteration in ResponseFormatError after the retries',
      async (_, faults) => {
        emu.setFaults(faults);
        const requests = emu.requestCount;
        const delivered: string[] = [];
        const error = await caught(async () => {
          for await (const item of subject.client(emu, { retry: FAST_RETRY })(subject.range)) {
            delivered.push(subject.idOf(item));
          }
        });
        expect(error).toBeInstanceOf(ResponseFormatError);
        expect(delivered).toEqual([]);
        expect(emu.requestCount - requests).toBe(FAST_RETRY.limit + 1);
      },
    );

    it('a body fault that starts mid-run ends it in ResponseFormatError after an exact prefix, never a short success', async () => {
      let request = 0;
      emu.setFaults({ malformedRate: 1, match: () => ++request > 5 });
      const delivered: string[] = [];
      const error = await caught(async () => {
        for await (const item of subject.client(emu, { retry: { ...FAST_RETRY, limit: 2 } })(subject.range)) {
          delivered.push(subject.idOf(item));
        }
      });
      expect(error).toBeInstanceOf(ResponseFormatError);
      expect(delivered.length).toBeGreaterThan(0);
      expect(delivered.length).toBeLessThan(RECORDS);
      expect(delivered).toEqual(baseline.slice(0, delivered.length));
    });
  });
}
