import { ApiError, AuthenticationError, ResponseFormatError } from '@cdrkit/core';
import { readFixture } from '@cdrkit/test-helpers';
import { describe, expect, it } from 'vitest';
import { parseOutboundItems } from '../src/wire.js';

function doc(inner: string): string {
  return `<?xml version="1.0"?>\n<bSmartXML>\n${inner}\n</bSmartXML>`;
}

function thrown(text: string, redact?: (text: string) => string): unknown {
  try {
    parseOutboundItems(text, redact ? { redact } : {});
  } catch (error) {
    return error;
  }
  throw new Error('expected parseOutboundItems to throw');
}

describe('parseOutboundItems: the assumed shape', () => {
  it('reads every item and field of a value-attribute answer', () => {
    const { items, total } = parseOutboundItems(readFixture('iping', 'response-attribute.xml'));
    expect(total).toBe(3);
    expect(items.map((item) => item.item_id)).toEqual(['1001', '1002', '1003']);
    expect(items[0]).toEqual({
      item_id: '1001',
      tracking_id: 'acme125615243',
      phone_number: '6175551234',
      phone_extension: '',
      receiver_name: "Pat & Sam O'Neil",
      notification_dt: '07/28/2003 2:45:00pm',
      timezone_id: '35',
      call_status: 'ANSWERED',
      call_duration: '42',
      call_dt: '07/28/2003 2:45:10pm',
    });
  });

  it('reads a text-element answer into the same items as the value-attribute one', () => {
    const attribute = parseOutboundItems(readFixture('iping', 'response-attribute.xml'));
    const element = parseOutboundItems(readFixture('iping', 'response-element.xml'));
    expect(element).toEqual(attribute);
  });

  it('keeps fields it does not know, as strings', () => {
    const { items } = parseOutboundItems(readFixture('iping', 'response-attribute.xml'));
    expect(items[2]?.campaign).toBe('spring');
  });

  it('keeps leading zeros and long digit strings as sent', () => {
    const { items } = parseOutboundItems(
      doc(
        '<items><item><item_id value="00012345678901234567890"/><phone_number>0212555987</phone_number></item></items>',
      ),
    );
    expect(items[0]).toEqual({ item_id: '00012345678901234567890', phone_number: '0212555987' });
  });

  it('keeps two items that share a tracking id', () => {
    const { items } = parseOutboundItems(readFixture('iping', 'response-attribute.xml'));
    expect(items.filter((item) => item.tracking_id === 'acme125615243')).toHaveLength(2);
  });

  it('reads an answer with no items as an empty page', () => {
    expect(parseOutboundItems(readFixture('iping', 'empty.xml'))).toEqual({
      items: [],
      total: 0,
      envelope: { pduType: 'OK', item_count: '0', total_count: '0' },
    });
    expect(parseOutboundItems(doc('<pduType value="OK"/>')).items).toEqual([]);
    expect(parseOutboundItems(doc('<pduType>OK</pduType><data><items></items></data>')).items).toEqual([]);
  });
});

describe('parseOutboundItems: tolerance beyond the assumed shape', () => {
  it('finds a single record', () => {
    const { items } = parseOutboundItems(
      doc('<data><items><item><item_id value="7"/><phone_number value="6175551234"/></item></items></data>'),
    );
    expect(items).toEqual([{ item_id: '7', phone_number: '6175551234' }]);
  });

  it('finds records named notification, cdr, call or record under any parent', () => {
    for (const name of ['notification', 'cdr', 'call', 'record', 'outbound_item']) {
      const one = `<${name}><id>1</id><phone_number>6175551234</phone_number></${name}>`;
      const two = `<${name}><id>2</id><phone_number>6175550000</phone_number></${name}>`;
      const { items } = parseOutboundItems(
        doc(`<pduType value="OK"/><result><list>${one}${two}</list></result>`),
      );
      expect(
        items.map((item) => item.id),
        name,
      ).toEqual(['1', '2']);
    }
  });

  it('finds the children of a known container whatever their name', () => {
    const { items } = parseOutboundItems(
      doc('<notifications><n><tracking_id value="a"/><phone_number value="1"/></n></notifications>'),
    );
    expect(items).toEqual([{ tracking_id: 'a', phone_number: '1' }]);
  });

  it('finds repeated records of an unknown name, not their repeated sub-elements', () => {
    const record = (id: string) =>
      `<entry_x><uid>${id}</uid><phone_number>617555${id}</phone_number>` +
      '<attempt><at>1</at><result>BUSY</result></attempt><attempt><at>2</at><result>ANSWERED</result></attempt></entry_x>';
    const { items } = parseOutboundItems(doc(`<data><list>${record('1')}${record('2')}</list></data>`));
    expect(items.map((item) => item.uid)).toEqual(['1', '2']);
    expect(items[0]).toMatchObject({ 'attempt.at': '1', 'attempt.result': 'BUSY', 'attempt.at[1]': '2' });
  });

  it('reads records whose fields are attributes', () => {
    const { items } = parseOutboundItems(
      doc(
        '<items><item item_id="1" phone_number="6175551234"/><item item_id="2" phone_number="6175550000"/></items>',
      ),
    );
    expect(items).toEqual([
      { item_id: '1', phone_number: '6175551234' },
      { item_id: '2', phone_number: '6175550000' },
    ]);
  });

  it('keeps nested fields as parent.child and extra attributes as field.attribute', () => {
    const { items } = parseOutboundItems(
      doc(
        '<items><item><item_id value="1"/><call_status value="ANSWERED" code="16"/>' +
          '<outcome><detail value="human"/></outcome></item></items>',
      ),
    );
    expect(items[0]).toEqual({
      item_id: '1',
      call_status: 'ANSWERED',
      'call_status.code': '16',
      'outcome.detail': 'human',
    });
  });

  it('prefers the value attribute over text, and trims the text of element-style fields', () => {
    const { items } = parseOutboundItems(
      doc('<items><item><a value="x">ignored</a><b>\n   spaced   \n</b></item></items>'),
    );
    expect(items[0]).toEqual({ a: 'x', b: 'spaced' });
  });

  it('does not take a record field named error for an error answer', () => {
    const { items } = parseOutboundItems(
      doc('<pduType value="OK"/><items><item><item_id value="1"/><error value="line busy"/></item></items>'),
    );
    expect(items).toEqual([{ item_id: '1', error: 'line busy' }]);
  });

  it('ignores an empty error element', () => {
    expect(parseOutboundItems(doc('<error value=""/><items/>')).items).toEqual([]);
  });
});

describe('parseOutboundItems: error answers', () => {
  it('turns pduType ERR about the user name or password into an AuthenticationError', () => {
    const error = thrown(readFixture('iping', 'error-auth.xml'));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      provider: 'iping',
      providerCode: '101',
      providerMessage: 'Invalid user name or password',
    });
  });

  it('turns pduType ERR into an ApiError with the provider code and description', () => {
    const error = thrown(readFixture('iping', 'error-api.xml'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ providerCode: '204', providerMessage: 'start_dt is not a valid date' });
    expect((error as Error).message).toContain('start_dt is not a valid date');
  });

  it('cuts a long description to 200 characters, judging the credentials on all of it', () => {
    const long = `${'x'.repeat(300)} invalid password`;
    const error = thrown(doc(`<pduType value="ERR"/><error><description value="${long}"/></error>`));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).providerMessage).toBe('x'.repeat(200));
  });

  it('reads pduType ERR from a root attribute', () => {
    expect(thrown('<bSmartXML pduType="ERR"><description value="Server busy"/></bSmartXML>')).toBeInstanceOf(
      ApiError,
    );
  });

  it('reads the code and description of an ERR answer that has no error element', () => {
    const error = thrown(
      doc(
        '<pduType value="ERR"/><data><error_code value="12"/><error_description value="Bad login"/></data>',
      ),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ providerCode: '12', providerMessage: 'Bad login' });
  });

  it('treats an error element as an error even without pduType', () => {
    const error = thrown(
      doc('<errors><error><number>5</number><message>Method not allowed</message></error></errors>'),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ providerCode: '5', providerMessage: 'Method not allowed' });
    expect(thrown('<err>Unknown method</err>')).toMatchObject({ providerMessage: 'Unknown method' });
  });

  it('redacts what the error repeats of the credentials', () => {
    const error = thrown(
      doc('<pduType value="ERR"/><error><description value="wrong password s3cret-pass"/></error>'),
      (text) => text.replaceAll('s3cret-pass', '[REDACTED]'),
    ) as Error;
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(
      's3cret-pass',
    );
  });

  it('throws ResponseFormatError for a body that is not XML', () => {
    for (const body of [
      '',
      '   ',
      '<bSmartXML><data><items><item>',
      'Internal error',
      '<html><body>Oops</body></html>',
    ]) {
      expect(thrown(body), JSON.stringify(body)).toBeInstanceOf(ResponseFormatError);
    }
  });
});
