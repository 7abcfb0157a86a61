/**
 * MD5, for Boxis' `authcode`, as a separate entry (`@cdrkit/core/md5`) so that other providers'
 * bundles never carry it.
 * @module
 */
import MD5 from 'crypto-js/md5.js';

/**
 * Lower-case hex MD5 of the UTF-8 bytes of `text`. `md5('')` is `d41d8cd98f00b204e9800998ecf8427e`.
 * MD5 is broken as a cryptographic hash; it is here only because Boxis' API signs requests
 * with it (`authcode` = md5 of the timestamp followed by the user key).
 * @example
 * ```ts
 * md5('1336553826BX3KwWU2SuqvoEWnjYmOibf'); // Boxis' authcode for that timestamp and key
 * ```
 */
export function md5(text: string): string {
  // crypto-js reads a string as UTF-8, and a WordArray prints as lower-case hex by default.
  return MD5(text).toString();
}
