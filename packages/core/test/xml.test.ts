import { describe, expect, it } from 'vitest';
import { ResponseFormatError } from '../src/errors/index.js';
import { createXmlParser, escapeXml, parseXml, type XmlNode } from '../src/xml.js';

/** Nimblevox's XML sample, byte for byte as its doc prints it (one line, single-quoted attributes). */
const NIMBLEVOX_SAMPLE =
  "<result xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'> <link rel='next' href='https://api.nimblevox.com/sdr?offset=100&max=100&startDate=2012-10-31T00:00:00&endDate=2012-10-31T23:59:59'/> <count>100</count> <total>1000</total> <sdrs> <sdr id='3' href='https://api.nimblevox.com/sdr/3'> <seqnum>5858580000741902F1F3B844243079</seqnum> <subscriber>99999002607</subscriber> <billStart>2012-10-31T10:29:51</billStart> <billEnd>2012-10-31T10:29:55</billEnd> <callingParty>123456789</callingParty> <calledParty>987654321</calledParty> <callType>Application Outdial</callType> <serviceType>Outbound Call</serviceType> <billUnits>60</billUnits> <moneyCharge>0.03</moneyCharge> <bonusCharge>0.00</bonusCharge> <endingBalance>-392.15</endingBalance> <endingBonusBalance>0.00</endingBonusBalance> <correlationId>67DFA378557286764314</correlationId> <serviceTime>4</serviceTime> <clientTime>14</clientTime> <customCallDataList/> </sdr> </sdrs> </result>";

/** Boxis' sample record in the XML envelope of its sibling API. */
const BOXIS_SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<return>
  <result>1</result>
  <resulttxt>success</resulttxt>
  <params>
    <cdr>
      <call_1>
        <uniqueid>sip022.voice.boxis.net-1517944376.108168</uniqueid>
        <start>2018-02-06 20:12:56</start>
        <answer>0000-00-00 00:00:00</answer>
        <clid>"DirectCEO:" </clid>
        <src>0041616925879</src>
        <dst>0225101800</dst>
        <lastdata>SIP/QUEUE-14@sip046.voice.boxis.net,,U(destChannelActions^yes^wav^^^^)</lastdata>
        <disposition>NO ANSWER</disposition>
        <sequence>15922</sequence>
        <prevsequence/>
        <cc_cost>0.00000</cc_cost>
      </call_1>
    </cdr>
  </params>
  <timestamp>1518091850</timestamp>
</return>
`;

/** An iPing-style answer: values in `value` attributes. */
const IPING_SAMPLE = `<?xml version="1.0"?>
<bSmartXML>
<data>
   <pduType value="OK"/>
   <item>
      <phone_number value="0041616925879"/>
      <tracking_id value="12345678901234567890"/>
      <notification_dt value="07/28/2003 2:45:00pm"/>
   </item>
</data>
</bSmartXML>`;

function syntaxError(fn: () => unknown): ResponseFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseFormatError);
    return error as ResponseFormatError;
  }
  throw new Error('expected a ResponseFormatError');
}

describe('createXmlParser', () => {
  it('keeps leading zeros and 20-digit ids as strings, in elements and attributes', () => {
    const doc = parseXml(
      '<r id="12345678901234567890" phone="0041616925879"><src>0041616925879</src><id>12345678901234567890</id>' +
        '<n>1e5</n><b>true</b><hex>0x1F</hex><neg>-392.15</neg><money>0.00000</money></r>',
    );
    expect(doc).toEqual({
      r: {
        '@_id': '12345678901234567890',
        '@_phone': '0041616925879',
        src: '0041616925879',
        id: '12345678901234567890',
        n: '1e5',
        b: 'true',
        hex: '0x1F',
        neg: '-392.15',
        money: '0.00000',
      },
    });
  });

  it('reads the Nimblevox sample: attributes kept, every value a string, one record as an array', () => {
    const parse = createXmlParser({ arrays: ['result.sdrs.sdr'] });
    const result = parse(NIMBLEVOX_SAMPLE).result as XmlNode;
    expect(result['@_xmlns:xsi']).toBe('http://www.w3.org/2001/XMLSchema-instance');
    expect(result.link).toEqual({
      '@_rel': 'next',
      '@_href':
        'https://api.nimblevox.com/sdr?offset=100&max=100&startDate=2012-10-31T00:00:00&endDate=2012-10-31T23:59:59',
    });
    expect(result.count).toBe('100');
    const sdrs = (result.sdrs as XmlNode).sdr as XmlNode[];
    expect(sdrs).toHaveLength(1);
    expect(sdrs[0]).toMatchObject({
      '@_id': '3',
      seqnum: '5858580000741902F1F3B844243079',
      subscriber: '99999002607',
      billStart: '2012-10-31T10:29:51',
      moneyCharge: '0.03',
      endingBalance: '-392.15',
      correlationId: '67DFA378557286764314',
      customCallDataList: '',
    });
  });

  it('reads the Boxis envelope: trimmed values, inner spaces kept, empty elements as empty strings', () => {
    const doc = parseXml(BOXIS_SAMPLE);
    const call = ((((doc.return as XmlNode).params as XmlNode).cdr as XmlNode).call_1 ?? {}) as XmlNode;
    expect(call.src).toBe('0041616925879');
    expect(call.answer).toBe('0000-00-00 00:00:00');
    expect(call.clid).toBe('"DirectCEO:"');
    expect(call.disposition).toBe('NO ANSWER');
    expect(call.prevsequence).toBe('');
    expect(call.cc_cost).toBe('0.00000');
    expect((doc.return as XmlNode).timestamp).toBe('1518091850');
    expect(Object.keys(doc)).toEqual(['return']);
  });

  it('reads iPing-style value attributes', () => {
    const doc = parseXml(IPING_SAMPLE, { arrays: ['item'] });
    const data = (doc.bSmartXML as XmlNode).data as XmlNode;
    expect(data.pduType).toEqual({ '@_value': 'OK' });
    expect(data.item).toEqual([
      {
        phone_number: { '@_value': '0041616925879' },
        tracking_id: { '@_value': '12345678901234567890' },
        notification_dt: { '@_value': '07/28/2003 2:45:00pm' },
      },
    ]);
  });

  it('makes arrays of one by name, by path, or by predicate, and never for attributes', () => {
    const text = '<r><list><item id="1">a</item></list><item>b</item></r>';
    const byName = parseXml(text, { arrays: ['item', 'id'] }).r as XmlNode;
    expect(byName.item).toEqual(['b']);
    expect((byName.list as XmlNode).item).toEqual([{ '@_id': '1', '#text': 'a' }]);
    const byPath = parseXml(text, { arrays: ['r.list.item'] }).r as XmlNode;
    expect(byPath.item).toBe('b');
    expect((byPath.list as XmlNode).item).toEqual([{ '@_id': '1', '#text': 'a' }]);
    const seen: string[] = [];
    const byPredicate = parseXml(text, {
      arrays: (name, path) => {
        seen.push(path);
        return name === 'list';
      },
    }).r as XmlNode;
    expect(Array.isArray(byPredicate.list)).toBe(true);
    expect(seen).toContain('r.list.item');
    expect(seen).not.toContain('r.list.item.id');
  });

  it('keeps repeated elements as arrays without being told', () => {
    expect(parseXml('<r><i>1</i><i>2</i></r>')).toEqual({ r: { i: ['1', '2'] } });
  });

  it('uses a configurable attribute prefix', () => {
    expect(parseXml('<r a="1"/>', { attributePrefix: '$' })).toEqual({ r: { $a: '1' } });
  });

  it('decodes the five XML entities and numeric references, and leaves any other reference alone', () => {
    const doc = parseXml(
      '<r note="a &amp; b &#65;">&lt;x&gt; &amp; &quot;y&quot; &apos;z&apos; &#233;&#x20AC;&#x1F600; &nbsp; &#0;</r>',
    );
    expect(doc).toEqual({ r: { '@_note': 'a & b A', '#text': '<x> & "y" \'z\' é€😀 &nbsp; &#0;' } });
  });

  it('keeps CDATA verbatim', () => {
    expect(parseXml('<r><![CDATA[a < b & &amp;]]></r>')).toEqual({ r: 'a < b & &amp;' });
  });

  it('accepts a DOCTYPE without entity declarations, a BOM, comments and trailing comments', () => {
    expect(parseXml('\uFEFF<?xml version="1.0"?><!-- hi --><!DOCTYPE r><r>1</r><!-- bye -->\n')).toEqual({
      r: '1',
    });
  });

  it('accepts a self-closed root and a closing tag with a space', () => {
    expect(parseXml('<r a="x>y"/>')).toEqual({ r: { '@_a': 'x>y' } });
    expect(parseXml('<r>1</r >')).toEqual({ r: '1' });
  });

  it('can be reused for many documents', () => {
    const parse = createXmlParser({ arrays: ['i'] });
    expect(parse('<r><i>1</i></r>')).toEqual({ r: { i: ['1'] } });
    expect(parse('<r><i>2</i></r>')).toEqual({ r: { i: ['2'] } });
  });
});

describe('malformed and truncated documents', () => {
  it.each([
    ['an empty body', ''],
    ['a blank body', ' \n\t '],
    ['plain text', 'Service Unavailable'],
    ['JSON', '{"result":"1"}'],
    ['a start tag only', '<return>'],
    ['an unclosed start tag', '<return attr="1"'],
    ['an unclosed attribute value', '<return attr="1>'],
    ['a prolog only', '<?xml version="1.0"?>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a>1</a>junk'],
    ['a root closed by another name', '<a><b>1</b></c>'],
  ])('refuses %s with a ResponseFormatError of kind syntax', (_, text) => {
    expect(syntaxError(() => parseXml(text)).kind).toBe('syntax');
  });

  it.each([
    ['Nimblevox', NIMBLEVOX_SAMPLE],
    ['Boxis', BOXIS_SAMPLE],
    ['iPing', IPING_SAMPLE],
  ])('refuses the %s sample truncated at every offset', (_, sample) => {
    const parse = createXmlParser({ provider: 'nimblevox', operation: 'listSdrs' });
    expect(() => parse(sample)).not.toThrow();
    const complete = sample.trimEnd().length;
    for (let cut = 0; cut < complete; cut++) {
      const error = syntaxError(() => parse(sample.slice(0, cut)));
      expect(error.kind).toBe('syntax');
      expect(error.provider).toBe('nimblevox');
      expect(error.operation).toBe('listSdrs');
    }
  });

  it('says what is wrong and carries a short excerpt', () => {
    const error = syntaxError(() =>
      parseXml(BOXIS_SAMPLE.slice(0, 300), { provider: 'boxis', operation: 'getCDR' }),
    );
    expect(error.message).toBe(
      'The boxis getCDR response is not well-formed XML: the root element <return> is not closed (the body looks truncated)',
    );
    expect(error.excerpt?.startsWith('<?xml version="1.0"')).toBe(true);
    expect(error.excerpt?.length).toBeLessThanOrEqual(200);
  });

  it('redacts credentials from the excerpt, by name and by value', () => {
    const body = '<bSmartXML><data><password value="hunter2hunter2"/><user_name value="Xs3cr3tX"/></data>';
    const error = syntaxError(() => parseXml(body, { secrets: ['Xs3cr3tX'] }));
    expect(error.excerpt).not.toContain('hunter2hunter2');
    expect(error.excerpt).not.toContain('Xs3cr3tX');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('entity expansion and prototype pollution', () => {
  it('refuses a billion-laughs document before parsing it', () => {
    const levels = Array.from(
      { length: 9 },
      (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
    ).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]><lolz>&lol9;</lolz>`;
    const error = syntaxError(() => parseXml(bomb));
    expect(error.kind).toBe('syntax');
    expect(error.message).toContain('DOCTYPE declares entities');
  });

  it('refuses an entity declaration whatever its letter case', () => {
    expect(() => parseXml('<!doctype r [<!entity x "y">]><r>&x;</r>')).toThrow(ResponseFormatError);
  });

  it('refuses external entities', () => {
    const text = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>';
    expect(() => parseXml(text)).toThrow(ResponseFormatError);
  });

  it.each([
    '<r><__proto__><polluted>yes</polluted></__proto__></r>',
    '<r><constructor><prototype><polluted>yes</polluted></prototype></constructor></r>',
    '<__proto__><polluted>yes</polluted></__proto__>',
  ])('refuses reserved element names without touching Object.prototype: %s', (text) => {
    const error = syntaxError(() => parseXml(text));
    expect(error.message).toContain('reserved');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps attributes named __proto__ behind their prefix, and refuses them without one', () => {
    const doc = parseXml('<r __proto__="x" constructor="y"/>');
    expect(doc).toEqual({ r: { '@___proto__': 'x', '@_constructor': 'y' } });
    expect(Object.getPrototypeOf(doc.r)).toBe(Object.prototype);
    expect(() => parseXml('<r __proto__="x"/>', { attributePrefix: '' })).toThrow(ResponseFormatError);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('escapeXml', () => {
  it('escapes the five special characters', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });

  it('leaves other text alone', () => {
    expect(escapeXml('testdriver 05/11/2002 é')).toBe('testdriver 05/11/2002 é');
  });

  it('round-trips through the parser, in attributes and content', () => {
    const value = `x & <y> "z" 'w' &amp;`;
    expect(parseXml(`<r v="${escapeXml(value)}">${escapeXml(value)}</r>`)).toEqual({
      r: { '@_v': value, '#text': value },
    });
  });
});
