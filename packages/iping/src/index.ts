/**
 * `@cdrkit/iping`: a typed client for iPing's GetOutboundItems (the call detail reports of
 * outbound notifications), with a tolerant reader for its unpublished XML answer.
 *
 * @example
 * ```ts
 * import { IpingClient } from '@cdrkit/iping';
 *
 * const iping = new IpingClient({ userName: 'testdriver', password: process.env.IPING_PASSWORD! });
 * for await (const record of iping.getOutboundItems({ from: '2024-03-01', to: '2024-04-01' }).records()) {
 *   console.log(record.to, record.status, record.startedAt);
 * }
 * ```
 * @module
 */
export { IpingClient } from './client.js';
export { IPING_TIME_ZONES, type ToCallRecordOptions, toCallRecord } from './normalize.js';
export type {
  GetOutboundItemsFilters,
  GetOutboundItemsOptions,
  GetOutboundItemsRange,
  IpingClientOptions,
  IpingStorageType,
  IpingTransport,
} from './options.js';
export {
  type IpingItem,
  ipingItemSchema,
  type OutboundItemsCursor,
  type OutboundItemsParams,
} from './schemas.js';
export { type OutboundItemsAnswer, type ParseOutboundItemsContext, parseOutboundItems } from './wire.js';
