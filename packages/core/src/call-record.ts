import * as z from 'zod/mini';
import type { ProviderName } from './types.js';

/**
 * One call (or SMS, fax, other billed item) in the same shape for every provider.
 * Each provider package's `toCallRecord` documents how its fields map here.
 */
export interface CallRecord {
  /** The provider the record came from, so records of several providers can share one store. */
  provider: ProviderName;
  /** Stable and unique per provider account; the key for dropping duplicates. */
  id: string;
  /** What was billed: a voice call, an SMS, a fax, or `'other'` when the provider says something else. */
  kind: 'call' | 'sms' | 'fax' | 'other';
  /** Seen from the account: `'inbound'` calls reached it, `'outbound'` calls left it; `'unknown'` when the provider does not say. */
  direction: 'inbound' | 'outbound' | 'unknown';
  /**
   * How the call ended: `'answered'`, `'no-answer'` (rang out or missed), `'busy'`, `'failed'`
   * (could not be placed), or `'unknown'` when the provider does not say.
   */
  status: 'answered' | 'no-answer' | 'busy' | 'failed' | 'unknown';
  /** Exactly as the provider sent it, as a string: leading zeros and `+` kept. */
  from: string | null;
  /** The called party, exactly as the provider sent it (leading zeros and `+` kept); null when it sent none. */
  to: string | null;
  /** ISO-8601 UTC, e.g. `2018-02-06T19:12:56.000Z`. */
  startedAt: string;
  /** When the call was answered, ISO-8601 UTC; null when it was not answered or the provider does not say. */
  answeredAt: string | null;
  /** When the call ended, ISO-8601 UTC; null when the provider gives neither an end time nor a duration. */
  endedAt: string | null;
  /** Length of the call in seconds, as the provider reports it; null when it reports none. */
  durationSec: number | null;
  /** Seconds the provider billed (talk time, often rounded up to its billing unit); null when it does not say. */
  billedSec: number | null;
  /** A decimal string, never a float: `{ amount: '0.14', currency: 'EUR' }`. */
  cost: {
    /** The charge as a decimal string, e.g. `'0.14'`; negative for credits. */
    amount: string;
    /** ISO 4217 code such as `'EUR'`, or null when the provider does not say which currency. */
    currency: string | null;
  } | null;
  /** The provider record, untouched. */
  raw: unknown;
}

// A bundler cannot know that zod's factories are free of side effects (esbuild, for one, does
// not carry zod's own annotations through `import * as z`), so a schema built at module level
// stays in every bundle that imports anything from core, and zod with it. Each call is marked
// pure, so bundles that never use `callRecordSchema` drop it and zod.
const isoUtc = /* @__PURE__ */ z
  .string()
  .check(/* @__PURE__ */ z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));

/**
 * zod schema of {@link CallRecord}, for users who validate what they store. Typed as a schema of
 * `CallRecord` so that what it accepts is documented in one place: the interface.
 */
export const callRecordSchema: z.ZodMiniType<CallRecord> = /* @__PURE__ */ z.object({
  provider: /* @__PURE__ */ z.enum(['iping', 'telecmi', 'boxis', 'mixvoip', 'nimblevox']),
  id: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1)),
  kind: /* @__PURE__ */ z.enum(['call', 'sms', 'fax', 'other']),
  direction: /* @__PURE__ */ z.enum(['inbound', 'outbound', 'unknown']),
  status: /* @__PURE__ */ z.enum(['answered', 'no-answer', 'busy', 'failed', 'unknown']),
  from: /* @__PURE__ */ z.nullable(/* @__PURE__ */ z.string()),
  to: /* @__PURE__ */ z.nullable(/* @__PURE__ */ z.string()),
  startedAt: isoUtc,
  answeredAt: /* @__PURE__ */ z.nullable(isoUtc),
  endedAt: /* @__PURE__ */ z.nullable(isoUtc),
  durationSec: /* @__PURE__ */ z.nullable(/* @__PURE__ */ z.number().check(/* @__PURE__ */ z.nonnegative())),
  billedSec: /* @__PURE__ */ z.nullable(/* @__PURE__ */ z.number().check(/* @__PURE__ */ z.nonnegative())),
  cost: /* @__PURE__ */ z.nullable(
    /* @__PURE__ */ z.object({
      amount: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.regex(/^-?\d+(\.\d+)?$/)),
      currency: /* @__PURE__ */ z.nullable(/* @__PURE__ */ z.string()),
    }),
  ),
  raw: /* @__PURE__ */ z.unknown(),
});
