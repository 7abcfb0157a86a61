/**
 * `@cdrkit/telecmi`: typed access to TeleCMI's call detail records (outgoing and incoming,
 * answered and missed), page by page or record by record, normalized on request.
 *
 * @example
 * ```ts
 * import { TeleCmiClient } from '@cdrkit/telecmi';
 *
 * const telecmi = new TeleCmiClient({ appId: 1111113, token: 'xxxx-xxxx-xxxx-xxx' });
 * for await (const call of telecmi.outAnswered({ from: '2024-03-01', to: '2024-03-02' }).records()) {
 *   console.log(call.startedAt, call.to, call.billedSec);
 * }
 * ```
 * @module
 */
export { TeleCmiClient } from './client.js';
export { type TeleCmiEndpoint, type ToCallRecordOptions, toCallRecord } from './normalize.js';
export {
  DEFAULT_PAGE_SIZE,
  type TeleCmiAnalysis,
  type TeleCmiAnalysisOptions,
  type TeleCmiApiVersion,
  type TeleCmiClientOptions,
  type TeleCmiListOptions,
} from './options.js';
export {
  type AnalysisResponse,
  type AnsweredRecord,
  analysisSchema,
  answeredRecordSchema,
  cdrSchema,
  incomingPageSchema,
  type MissedRecord,
  missedRecordSchema,
  type OutAnsweredRecord,
  type OutMissedRecord,
  outAnsweredRecordSchema,
  outgoingPageSchema,
  outMissedRecordSchema,
  type PageResponse,
  pageSchema,
  type TeleCmiCdr,
  type TeleCmiNote,
  type TeleCmiRecord,
} from './schemas.js';
