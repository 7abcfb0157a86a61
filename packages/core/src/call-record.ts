import * as z from 'zod/mini';
import type { ProviderName } from './types.js';

/**
 * One call (or SMS, fax, other billed item) in the same shape for every provider.
 * Each provider package's `toCallRecord` documents how its fields map here.
 */
export interface CallRecord {
  provider: ProviderName;
  /** Stable and unique per provider account; the key for dropping duplicates. */
  id: string;
  kind: 'call' | 'sms' | 'fax' | 'other';
  direction: 'inbound' | 'outbound' | 'unknown';
  status: 'answered' | 'no-answer' | 'busy' | 'failed' | 'unknown';
  /** Exactly as the provider sent it, as a string: leading zeros and `+` kept. */
  from: string | null;
  to: string | null;
  /** ISO-8601 UTC, e.g. `2018-02-06T19:12:56.000Z`. */
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
  billedSec: number | null;
  /** A decimal string, never a float: `{ amount: '0.14', currency: 'EUR' }`. */
  cost: { amount: string; currency: string | null } | null;
  /** The provider record, untouched. */
  raw: unknown;
}

const isoUtc = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));

/** zod schema of {@link CallRecord}, for users who validate what they store. */
export const callRecordSchema = z.object({
  provider: z.enum(['iping', 'telecmi', 'boxis', 'mixvoip', 'nimblevox']),
  id: z.string().check(z.minLength(1)),
  kind: z.enum(['call', 'sms', 'fax', 'other']),
  direction: z.enum(['inbound', 'outbound', 'unknown']),
  status: z.enum(['answered', 'no-answer', 'busy', 'failed', 'unknown']),
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  startedAt: isoUtc,
  answeredAt: z.nullable(isoUtc),
  endedAt: z.nullable(isoUtc),
  durationSec: z.nullable(z.number().check(z.nonnegative())),
  billedSec: z.nullable(z.number().check(z.nonnegative())),
  cost: z.nullable(
    z.object({ amount: z.string().check(z.regex(/^-?\d+(\.\d+)?$/)), currency: z.nullable(z.string()) }),
  ),
  raw: z.unknown(),
});
