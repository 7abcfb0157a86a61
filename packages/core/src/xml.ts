/**
 * XML parsing with safe options, as a separate entry (`@cdrkit/core/xml`) so that JSON-only
 * bundles never carry fast-xml-parser.
 *
 * - No number or boolean coercion: `0041616925879` and 20-digit ids stay strings.
 * - Attributes kept, under `attributePrefix` (default `@_`); text beside attributes under `#text`.
 * - Values trimmed; an empty element is `''`; the `<?xml …?>` declaration is dropped.
 * - Entities: the five XML ones and numeric references only; a DOCTYPE with entity declarations
 *   is refused (no expansion bombs), and nothing a document declares is ever expanded.
 * - Anything that does not parse is a `ResponseFormatError` of kind `syntax`: an empty body, a
 *   body that is not XML, and a truncated one (its root element is never closed). An element
 *   named `__proto__`, `constructor` or `prototype` is refused too, so a document can never
 *   reach `Object.prototype`.
 * @module
 */
import { type EntityDecoderOptions, type X2jOptions, XMLParser } from 'fast-xml-parser';
import { ResponseFormatError } from './errors/response-format-error.js';
import { redactSecrets } from './redact.js';
import type { ProviderName } from './types.js';

/** How {@link createXmlParser} reads a document, and what its errors say about where it came from. */
export interface XmlParseOptions {
  /**
   * Element paths (dot-separated from the root, e.g. `result.sdrs.sdr`) or names (`sdr`) that
   * are always arrays, even with one element; or a predicate of (name, path).
   * @example ['result.sdrs.sdr']
   */
  arrays?: readonly string[] | ((name: string, path: string) => boolean);
  /** @defaultValue '@_' */
  attributePrefix?: string;
  /** Provider, operation and body excerpt context for errors. */
  provider?: ProviderName;
  /** The client method that received the document (e.g. `listSdrs`), named in errors. */
  operation?: string;
  /** Credential values to redact from the body excerpt of an error (names are redacted anyway). */
  secrets?: readonly string[];
}

/** A parsed element: its attributes (prefixed), its children, and `#text` when mixed. */
export type XmlNode = { [key: string]: XmlValue };
/**
 * A parsed value: text for a leaf element or an attribute (never a number: `0041…` stays as
 * sent), an {@link XmlNode} for an element with children or attributes, an array for a
 * repeated element (or one listed in `arrays`).
 */
export type XmlValue = string | XmlNode | XmlValue[];

/** The five predefined entities of XML 1.0 (§4.6). */
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#[xX]([\da-fA-F]{1,6}));/g;

/**
 * Decodes the predefined entities and numeric character references, and nothing else: a
 * document's own entity declarations are ignored (and refused before parsing), so no input can
 * make expansion grow. An unknown or out-of-range reference stays as written.
 */
const entityDecoder: EntityDecoderOptions = {
  setExternalEntities() {},
  addInputEntities() {},
  reset() {},
  setXmlVersion() {},
  decode(text: string): string {
    if (!text.includes('&')) return text;
    return text.replace(REFERENCE, (reference, name?: string, decimal?: string, hex?: string) => {
      if (name !== undefined) return PREDEFINED[name] ?? reference;
      const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
    });
  },
};

/**
 * Builds a reusable parser (build it once per client, not per response).
 * @returns a function that parses a document to a plain object tree; it throws
 * `ResponseFormatError` (kind `syntax`) for an empty, malformed or truncated document, or one
 * whose DOCTYPE declares entities
 * @example
 * ```ts
 * const parse = createXmlParser({ arrays: ['result.sdrs.sdr'], provider: 'nimblevox', operation: 'listSdrs' });
 * const doc = parse('<result><sdrs><sdr id="3"><subscriber>0041616925879</subscriber></sdr></sdrs></result>');
 * // { result: { sdrs: { sdr: [{ '@_id': '3', subscriber: '0041616925879' }] } } }
 * ```
 */
export function createXmlParser(options: XmlParseOptions = {}): (text: string) => XmlNode {
  const parserOptions: X2jOptions = {
    ignoreAttributes: false,
    attributeNamePrefix: options.attributePrefix ?? '@_',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Limits for anything a DOCTYPE declares; such documents are refused before parsing anyway.
    processEntities: {
      enabled: true,
      maxEntityCount: 1,
      maxEntitySize: 1024,
      maxExpansionDepth: 1,
      maxTotalExpansions: 1,
      maxExpandedLength: 1024,
    },
    entityDecoder,
  };
  const isArray = arrayTest(options.arrays);
  if (isArray !== undefined) parserOptions.isArray = isArray;
  const parser = new XMLParser(parserOptions);
  const fail = (text: string, reason: string, kind: 'syntax' | 'schema' = 'syntax') =>
    new ResponseFormatError(`${describeSource(options)} ${reason}`, {
      kind,
      provider: options.provider,
      operation: options.operation,
      excerpt: excerpt(text, options.secrets),
    });
  const malformed = (text: string, reason: string) => fail(text, `is not well-formed XML: ${reason}`);

  return (text: string): XmlNode => {
    if (typeof text !== 'string' || text.trim() === '')
      throw malformed(String(text ?? ''), 'the body is empty');
    if (declaresEntities(text)) {
      throw fail(text, 'is refused: its DOCTYPE declares entities, which cdrkit never expands');
    }
    const problem = rootProblem(text);
    if (problem !== undefined) throw malformed(text, problem);
    let result: unknown;
    try {
      result = parser.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // fast-xml-parser refuses element names that would reach Object.prototype: the document
      // parsed, its shape did not, and asking again will not change it.
      if (message.includes('[SECURITY]')) {
        throw fail(
          text,
          'is refused: it uses a name reserved in JavaScript (__proto__, constructor, prototype)',
          'schema',
        );
      }
      throw malformed(text, message);
    }
    return result as XmlNode;
  };
}

/** Parses one document with {@link createXmlParser}'s rules. */
export function parseXml(text: string, options?: XmlParseOptions): XmlNode {
  return createXmlParser(options)(text);
}

/**
 * Escapes text for an XML attribute value or element content: `&`, `<`, `>`, `"` and `'`.
 * @example
 * ```ts
 * `<user_name value="${escapeXml(userName)}"/>`
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${ESCAPES[char]};`);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': 'amp',
  '<': 'lt',
  '>': 'gt',
  '"': 'quot',
  "'": 'apos',
};

function arrayTest(
  arrays: XmlParseOptions['arrays'],
): ((name: string, path: unknown, isLeaf: boolean, isAttribute: boolean) => boolean) | undefined {
  if (arrays === undefined) return undefined;
  if (typeof arrays === 'function') {
    return (name, path, _isLeaf, isAttribute) => !isAttribute && arrays(name, String(path));
  }
  const paths = new Set(arrays.filter((entry) => entry.includes('.')));
  const names = new Set(arrays.filter((entry) => !entry.includes('.')));
  return (name, path, _isLeaf, isAttribute) => !isAttribute && (names.has(name) || paths.has(String(path)));
}

/** Refuse before parsing: an internal subset that declares entities is how expansion bombs start. */
function declaresEntities(text: string): boolean {
  return /<!DOCTYPE/i.test(text) && /<!ENTITY/i.test(text);
}

/**
 * The cheap well-formedness check fast-xml-parser lacks (it returns what it has read from a
 * truncated document): the first element's name, and the document's last non-space characters,
 * which must close that element (`</name>`), unless the root closed itself (`<name/>`).
 * Trailing comments and processing instructions are allowed. Returns what is wrong, or
 * undefined. Reads only the prolog, the root's start tag and the end of the document.
 */
function rootProblem(text: string): string | undefined {
  let i = skipMisc(text, 0);
  if (text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i)) {
    i = skipMisc(text, skipDoctype(text, i));
  }
  if (text.charCodeAt(i) !== 60 /* < */) return 'it does not start with an element';
  let nameEnd = i + 1;
  while (nameEnd < text.length && !isNameEnd(text.charCodeAt(nameEnd))) nameEnd++;
  const name = text.slice(i + 1, nameEnd);
  if (name === '') return 'it does not start with an element';
  // The end of the root's start tag, skipping quoted attribute values that may hold '>'.
  let quote = 0;
  let tagEnd = nameEnd;
  for (; tagEnd < text.length; tagEnd++) {
    const c = text.charCodeAt(tagEnd);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62 /* > */) break;
  }
  if (tagEnd >= text.length) return `the start tag of <${name}> is cut off`;
  const last = trimTrailingMisc(text);
  if (text.charCodeAt(tagEnd - 1) === 47 /* / */) {
    return last === tagEnd + 1 ? undefined : `content follows the self-closed root element <${name}/>`;
  }
  // The document must end with `</name>` (whitespace allowed before '>').
  let j = last - 1;
  if (text.charCodeAt(j) !== 62 /* > */)
    return `the root element <${name}> is not closed (the body looks truncated)`;
  j--;
  while (j > tagEnd && isSpace(text.charCodeAt(j))) j--;
  const closeStart = j + 1 - name.length - 2;
  if (closeStart <= tagEnd || !text.startsWith(`</${name}`, closeStart)) {
    return `the root element <${name}> is not closed (the body looks truncated)`;
  }
  return undefined;
}

/** Skips whitespace, a byte-order mark, comments and processing instructions from `i`. */
function skipMisc(text: string, i: number): number {
  for (;;) {
    while (i < text.length && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 0xfeff)) i++;
    if (text.startsWith('<?', i)) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0) return text.length;
      i = close + 2;
    } else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) return text.length;
      i = close + 3;
    } else {
      return i;
    }
  }
}

/** The index after a DOCTYPE that starts at `i` (an internal subset in brackets included). */
function skipDoctype(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */) depth++;
    else if (c === 93 /* ] */) depth--;
    else if (c === 62 /* > */ && depth <= 0) return i + 1;
  }
  return i;
}

/** The end of the document once trailing whitespace, comments and processing instructions are cut. */
function trimTrailingMisc(text: string): number {
  let end = text.length;
  for (;;) {
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    if (text.endsWith('-->', end)) {
      const open = text.lastIndexOf('<!--', end - 3);
      if (open < 0) return end;
      end = open;
    } else if (text.endsWith('?>', end)) {
      const open = text.lastIndexOf('<?', end - 2);
      if (open < 0) return end;
      end = open;
    } else {
      return end;
    }
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Whitespace, '/', '>' end an element name. */
function isNameEnd(c: number): boolean {
  return isSpace(c) || c === 47 || c === 62;
}

function describeSource(options: XmlParseOptions): string {
  if (options.provider !== undefined && options.operation !== undefined) {
    return `The ${options.provider} ${options.operation} response`;
  }
  return options.provider !== undefined ? `The ${options.provider} response` : 'The document';
}

/**
 * At most 200 characters from the start of the body, credentials redacted: a longer slice is
 * redacted before cutting, so a secret that straddles the cut is caught whole.
 */
function excerpt(text: string, secrets: readonly string[] = []): string {
  const longest = secrets.reduce((max, secret) => Math.max(max, secret.length * 9), 0);
  const redacted = redactSecrets(text.slice(0, 200 + 256 + longest), secrets);
  return redacted.length > 200 ? `${redacted.slice(0, 199)}…` : redacted;
}
