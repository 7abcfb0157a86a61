/**
 * Reads the SDR API's XML answers into the plain objects its JSON answers are, so that one
 * schema and one set of rules type both. Loaded by the client only when `format: 'xml'` is
 * asked (`await import('./xml.js')`), so a JSON-only bundle carries no XML parser.
 *
 * The shape read (the doc's sample):
 *
 * ```xml
 * <result xmlns:xsi='…'>
 *   <link rel='next' href='https://api.nimblevox.com/sdr?offset=100&max=100&…'/>
 *   <count>100</count> <total>1000</total>
 *   <sdrs> <sdr id='3' href='…'> <seqnum>…</seqnum> … <customCallDataList/> </sdr> </sdrs>
 * </result>
 * ```
 *
 * becomes `{ previous, next, count, total, sdrs: [{ id: '3', href, seqnum, … }] }`: the links by
 * their `rel`, each `<sdr>`'s attributes and child elements as fields. An element's text is
 * its value; an element marked `xsi:nil='true'` is null; an element with child elements (as
 * `customCallDataList` may have) is kept as parsed.
 * @module
 */
import { createXmlParser, type XmlNode, type XmlValue } from '@cdrkit/core/xml';

/** Reads XML answers of the SDR API; build one per client, it holds the parsers. */
export interface SdrXmlReader {
  /** A `GET /sdr` answer as `{ previous, next, count, total, sdrs }`. */
  page(text: string): unknown;
  /** A `GET /sdr/{id}` answer as the record's plain object. */
  sdr(text: string): unknown;
}

const ATTRIBUTE = '@_';

/**
 * `&` not starting an entity or a character reference becomes `&amp;`. The doc's own sample
 * writes its link as `href='…?offset=100&max=100…'`, which strict XML refuses.
 */
const escapeBareAmpersands = (text: string): string =>
  text.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/g, '&amp;');

const isNode = (value: XmlValue | undefined): value is XmlNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNil = (node: XmlNode): boolean =>
  Object.entries(node).some(([key, value]) => key.endsWith(':nil') && value === 'true');

/** An element's value: its text, null for `xsi:nil`, itself when it has child elements. */
function elementValue(value: XmlValue): unknown {
  if (Array.isArray(value)) return value.map(elementValue);
  if (!isNode(value)) return value;
  if (isNil(value)) return null;
  const children = Object.keys(value).filter((key) => !key.startsWith(ATTRIBUTE));
  if (children.length === 0) return '';
  if (children.length === 1 && children[0] === '#text') return value['#text'];
  return value;
}

/** An `<sdr>` element as a plain record: attributes (namespace declarations aside) and children. */
function toRecord(element: XmlValue): unknown {
  if (!isNode(element)) return element;
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element)) {
    if (!key.startsWith(ATTRIBUTE)) continue;
    const name = key.slice(ATTRIBUTE.length);
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) record[name] = value;
  }
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith(ATTRIBUTE) || key === '#text') continue;
    // The list keeps its structure: the schema reads an empty element and a list of entries alike.
    record[key] = key === 'customCallDataList' ? value : elementValue(value);
  }
  return record;
}

/** The document's root element, as [name, value] (the declaration and processing instructions aside). */
function rootOf(document: XmlNode): [string, XmlValue] | undefined {
  return Object.entries(document).find(([name]) => !name.startsWith('?') && !name.startsWith('#'));
}

/** The elements of a `<result>` that the page object names. */
const PAGE_ELEMENTS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'link',
  'previous',
  'next',
  'count',
  'total',
  'sdrs',
]);

const asList = (value: XmlValue | undefined): XmlValue[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Creates the reader. Its parsers keep `0041…` numbers and ids as text, like every cdrkit XML
 * read; `secrets` are redacted from the excerpt of a parse error.
 */
export function createSdrXmlReader(secrets: readonly string[] = []): SdrXmlReader {
  const arrays = (name: string, path: string): boolean =>
    (name === 'sdr' && path.endsWith('sdrs.sdr')) || (name === 'link' && path.split('.').length === 2);
  const parsePage = createXmlParser({ arrays, provider: 'nimblevox', operation: 'listSdrs', secrets });
  const parseOne = createXmlParser({ provider: 'nimblevox', operation: 'getSdr', secrets });

  return {
    page(text) {
      const root = rootOf(parsePage(escapeBareAmpersands(text)))?.[1];
      // Not a page at all: let the schema say what is missing.
      if (!isNode(root)) return root ?? null;
      const links: Record<string, string | null> = { previous: null, next: null };
      for (const link of asList(root.link)) {
        if (!isNode(link)) continue;
        const rel = link[`${ATTRIBUTE}rel`];
        const href = link[`${ATTRIBUTE}href`];
        if ((rel === 'next' || rel === 'previous') && typeof href === 'string') links[rel] = href;
      }
      const sdrs = root.sdrs;
      const page: Record<string, unknown> = {
        previous: links.previous ?? elementValue(root.previous ?? ''),
        next: links.next ?? elementValue(root.next ?? ''),
        count: root.count === undefined ? undefined : elementValue(root.count),
        total: root.total === undefined ? undefined : elementValue(root.total),
        sdrs: sdrs === undefined ? undefined : isNode(sdrs) ? asList(sdrs.sdr).map(toRecord) : [],
      };
      // Elements the doc does not show are kept, so that drift reports can name them.
      for (const key of Object.keys(root)) {
        if (!PAGE_ELEMENTS.has(key) && !key.startsWith(ATTRIBUTE) && key !== '#text')
          page[key] = elementValue(root[key] as XmlValue);
      }
      return page;
    },
    sdr(text) {
      const [key, root] = rootOf(parseOne(escapeBareAmpersands(text))) ?? [];
      // `<sdr id='3'>…</sdr>`, or the record wrapped in an envelope (`<result><sdr …/></result>`).
      if (key !== 'sdr' && isNode(root)) {
        const inner = isNode(root.sdrs) ? root.sdrs.sdr : root.sdr;
        if (inner !== undefined) return toRecord(Array.isArray(inner) ? (inner[0] ?? '') : inner);
      }
      return root === undefined ? null : toRecord(root);
    },
  };
}
