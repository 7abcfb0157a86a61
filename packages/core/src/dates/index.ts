/**
 * Date helpers on date-fns and @date-fns/tz: read what users pass, and write and read the
 * naive date strings providers use, in an IANA zone, DST included.
 *
 * DST rules, everywhere: a wall time that does not exist (spring-forward gap) moves forward by
 * the gap; an ambiguous one (fall-back overlap) takes the earlier instant.
 * @module
 */
export { formatProviderDate } from './format-provider-date.js';
export { parseProviderDate } from './parse-provider-date.js';
export { toDate, toDateRange } from './to-date.js';
export { toIsoUtc } from './to-iso-utc.js';
export { assertTimeZone, wallTimeToEpoch } from './zone.js';
