/**
 * `@cdrkit/mixvoip`: typed client for the MIXvoip Supernode API's getCalls (CDRs by profile).
 * @module
 */
export { MixvoipClient } from './client.js';
export { parseMixvoipCsv } from './csv.js';
export { recordId, type ToCallRecordOptions, toCallRecord } from './normalize.js';
export type {
  DownloadCsvOptions,
  GetCallsOptions,
  MixvoipClientOptions,
  MixvoipRangeOptions,
} from './options.js';
export type {
  MixvoipCursor,
  MixvoipParams,
  MixvoipRecord,
  MixvoipRecordData,
  MixvoipType,
  MixvoipWireRecord,
} from './schemas.js';
