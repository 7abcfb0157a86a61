/**
 * `@cdrkit/mixvoip`: typed client for the MIXvoip Supernode API's getCalls (CDRs by profile).
 * @module
 */
export {
  type DownloadCsvOptions,
  type GetCallsOptions,
  MixvoipClient,
  type MixvoipClientOptions,
  type MixvoipRangeOptions,
} from './client.js';
export { parseMixvoipCsv } from './csv.js';
export { recordId, type ToCallRecordOptions, toCallRecord } from './normalize.js';
export type {
  MixvoipCursor,
  MixvoipRecord,
  MixvoipRecordData,
  MixvoipType,
  MixvoipWireRecord,
} from './schemas.js';
