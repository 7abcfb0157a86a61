/**
 * `@cdrkit/nimblevox`: a typed client of the Nimblevox SDR (service detail record) API.
 *
 * @example
 * ```ts
 * import { NimblevoxClient } from '@cdrkit/nimblevox';
 *
 * const client = new NimblevoxClient({ apiKey: process.env.NIMBLEVOX_API_KEY! });
 * for await (const record of client.listSdrs({ from: '2024-01-01', to: '2024-07-01' }).records()) {
 *   console.log(record.startedAt, record.from, record.to, record.cost?.amount);
 * }
 * ```
 * @module
 */
export { NimblevoxClient } from './client.js';
export { type ToCallRecordOptions, toCallRecord } from './normalize.js';
export type {
  GetSdrOptions,
  ListSdrsFilters,
  ListSdrsOptions,
  NimblevoxClientOptions,
  SdrFormat,
} from './options.js';
export { type Sdr, type SdrPage, sdrPageSchema, sdrSchema } from './schemas.js';
export { canonicalDecimal, parseSdr, parseSdrPage } from './wire.js';
