/**
 * `@cdrkit/boxis`: a typed client for Boxis' voice getCDR API (api.boxis.net), with signed
 * requests, timestamp synchronization, Swiss local times and date windows.
 * @module
 */
export { BoxisClient } from './client.js';
export { BOXIS_TIME_ZONE, type ToCallRecordOptions, toCallRecord } from './normalize.js';
export type { BoxisClientOptions, BoxisFormat, GetCdrFilters, GetCdrOptions } from './options.js';
export {
  type BoxisCdr,
  type BoxisCursor,
  type BoxisEnvelope,
  boxisCdrSchema,
  boxisCursorSchema,
  boxisEnvelopeSchema,
} from './schemas.js';
