/**
 * MD5, for Boxis' `authcode`, as a separate entry (`@cdrkit/core/md5`) so that other providers'
 * bundles never carry it.
 *
 * RFC 1321 written out here instead of crypto-js' `md5.js`: that module brings crypto-js' core
 * (WordArray, encoders, a `require('crypto')` probe) and cost Boxis' browser bundle 3 KB
 * gzipped for what is 40 lines. Web Crypto has no MD5, and `crypto.subtle` is async anyway.
 * @module
 */

/** Per-round shift amounts (RFC 1321, 3.4). */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** `floor(abs(sin(i + 1)) * 2^32)`, written out: `Math.sin` need not be exact in every engine. */
const SINES = [
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
  0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
  0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
  0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
  0xeb86d391,
];

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
  // TextEncoder writes a lone surrogate as U+FFFD, as node:crypto does.
  const bytes = new TextEncoder().encode(text);
  const length = bytes.length;
  // Message, a 0x80 byte, zeros, and the bit length in the last 8 bytes of a 64-byte block.
  const words = new Uint32Array((((length + 8) >>> 6) + 1) * 16);
  for (let i = 0; i < length; i++)
    words[i >> 2] = (words[i >> 2] as number) | ((bytes[i] as number) << ((i % 4) * 8));
  words[length >> 2] = (words[length >> 2] as number) | (0x80 << ((length % 4) * 8));
  words[words.length - 2] = length * 8; // Uint32Array keeps the low 32 bits
  words[words.length - 1] = Math.floor(length / 0x20000000);

  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let block = 0; block < words.length; block += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      const round = i >> 4;
      const f =
        round === 0
          ? (b & c) | (~b & d)
          : round === 1
            ? (d & b) | (~d & c)
            : round === 2
              ? b ^ c ^ d
              : c ^ (b | ~d);
      const g =
        round === 0 ? i : round === 1 ? (5 * i + 1) % 16 : round === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
      const sum = (a + f + (SINES[i] as number) + (words[block + g] as number)) | 0;
      const shift = SHIFTS[round * 4 + (i % 4)] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return [a0, b0, c0, d0].map(littleEndianHex).join('');
}

function littleEndianHex(word: number): string {
  let hex = '';
  for (let byte = 0; byte < 4; byte++) hex += ((word >>> (byte * 8)) & 0xff).toString(16).padStart(2, '0');
  return hex;
}
