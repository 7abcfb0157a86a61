import { ResponseFormatError } from '@cdrkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLenientJson, replaceControlCharactersInStrings } from '../src/wire.js';

const context = { provider: 'mixvoip', operation: 'getCalls' } as const;

describe('reading JSON with raw control characters in strings', () => {
  it('turns a raw line break inside a string into a space', () => {
    expect(parseLenientJson('[{"call_start":"2021-06-29\n08:13:50"}]', context)).toEqual([
      { call_start: '2021-06-29 08:13:50' },
    ]);
  });

  it('leaves line breaks between tokens, escapes and escaped quotes alone', () => {
    const text = '[\n {"a":"x\\"\ty",\r\n  "b":"\\\\\n"}\n]';
    expect(replaceControlCharactersInStrings(text)).toBe('[\n {"a":"x\\" y",\r\n  "b":"\\\\ "}\n]');
    expect(parseLenientJson(text, context)).toEqual([{ a: 'x" y', b: '\\ ' }]);
  });

  it('returns the same string when there is nothing to replace', () => {
    const text = '[{"a":"b"}]';
    expect(replaceControlCharactersInStrings(text)).toBe(text);
  });

  it('agrees with JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 2);
        expect(JSON.parse(replaceControlCharactersInStrings(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it('reads any string with raw control characters as the string with spaces', () => {
    const isControl = (part: string) => part.length === 1 && part.charCodeAt(0) < 0x20;
    const control = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), control)), (segments) => {
        // what a careless server sends: control characters raw, everything else escaped as JSON does
        const raw = segments
          .map((part) => (isControl(part) ? part : JSON.stringify(part).slice(1, -1)))
          .join('');
        const expected = segments.map((part) => (isControl(part) ? ' ' : part)).join('');
        expect(parseLenientJson(`["${raw}"]`, context)).toEqual([expected]);
      }),
    );
  });

  it('still reports a truncated answer as a syntax error', () => {
    expect(() =>
      parseLenientJson('[{"type":"CALLIN","data":{"call_start":"2021-06-29\n08:1', context),
    ).toThrow(ResponseFormatError);
    try {
      parseLenientJson('[{"a":"b\n', context);
    } catch (error) {
      expect((error as ResponseFormatError).kind).toBe('syntax');
    }
  });
});
