import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5 } from '../src/md5.js';

const reference = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('md5', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
  ])('gives the RFC 1321 / well-known digest of %j', (text, digest) => {
    expect(md5(text)).toBe(digest);
  });

  it("signs the Boxis doc's example (timestamp followed by user key) like node:crypto", () => {
    const authcode = md5('1336553826BX3KwWU2SuqvoEWnjYmOibf');
    expect(authcode).toBe(reference('1336553826BX3KwWU2SuqvoEWnjYmOibf'));
    expect(authcode).toMatch(/^[0-9a-f]{32}$/);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    for (const text of ['Zürich', 'naïve café', '日本語', '😀 emoji', '\u00a0'])
      expect(md5(text)).toBe(reference(text));
    expect(md5('é')).not.toBe(md5('\u00e9'.normalize('NFD')));
  });

  it('agrees with node:crypto on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(md5(text)).toBe(reference(text));
      }),
      { numRuns: 300 },
    );
  });
});
