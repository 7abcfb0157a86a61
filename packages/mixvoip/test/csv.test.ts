import { ResponseFormatError } from '@cdrkit/core';
import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../src/csv.js';
import { parseMixvoipCsv } from '../src/index.js';

describe('parseCsvRows', () => {
  it('keeps commas, doubled quotes and line breaks inside quotes', () => {
    const { rows, complete } = parseCsvRows('a,"b,c","say ""hi""","two\nlines"\r\nd,,e\n');
    expect(rows).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\nlines'],
      ['d', '', 'e'],
    ]);
    expect(complete).toBe(true);
  });

  it('skips blank lines and reads a last row without a line break', () => {
    expect(parseCsvRows('\n\na,b\n\n  \nc,d').rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('says when the text ends inside a quoted cell', () => {
    expect(parseCsvRows('a,"b').complete).toBe(false);
  });
});

describe('parseMixvoipCsv', () => {
  it('finds call_start after a missing destination_name column', () => {
    const [record] = parseMixvoipCsv('CALLIN,+35220333000,35220333320,"2021-06-29 10:40:00",0,,0,0.00,N/A\n');
    expect(record).toEqual({
      type: 'CALLIN',
      data: {
        source: '+35220333000',
        destination: '35220333320',
        destination_name: null,
        call_start: '2021-06-29 10:40:00',
        duration: '0',
        pbxextension: '',
        quantity: 0,
        price: '0.00',
        invoice: 'N/A',
      },
    });
  });

  it('joins date and time split by an unquoted comma', () => {
    const [record] = parseMixvoipCsv(
      'SMS,+352691000000,+352691000001,Luxembourg,2024-03-01,09:05:00,0,,1,9.00,N/A\n',
    );
    expect(record?.data).toMatchObject({
      destination_name: 'Luxembourg',
      call_start: '2024-03-01 09:05:00',
      duration: '0',
      quantity: 1,
      price: '9.00',
    });
  });

  it('reads a date and time joined by a quoted comma or by several spaces as one space', () => {
    const records = parseMixvoipCsv(
      'CALLOUT,1,2,"X","2021-06-29,08:30:15",61,,2,7.00,N/A\nCALLOUT,1,2,"X","2021-06-29   08:30:15",61,,2,7.00,N/A\n',
    );
    expect(records.map((record) => record.data.call_start)).toEqual([
      '2021-06-29 08:30:15',
      '2021-06-29 08:30:15',
    ]);
  });

  it('drops the leading apostrophe of the extension and keeps its digits and leading zeros', () => {
    const [record] = parseMixvoipCsv(
      'CALLOUT,+35220333320,0035220333000,"LU","2021-06-29,08:30:15",61,\'020,2,7.00,N/A\n',
    );
    expect(record?.data.pbxextension).toBe('020');
    expect(record?.data.destination).toBe('0035220333000');
  });

  it('keeps an apostrophe that is not before a number', () => {
    const [record] = parseMixvoipCsv(
      'SERVICE,user,Pack,"l\'offre",2024-01-01 00:00:00,0,\'ext,1,500.00,INV-1\n',
    );
    expect(record?.data.destination_name).toBe("l'offre");
    expect(record?.data.pbxextension).toBe("'ext");
  });

  it('keeps an empty destination_name column as an empty string', () => {
    const [record] = parseMixvoipCsv('CALLOUT,1,2,,"2021-06-29 08:30:15",61,,2,7.00,N/A\n');
    expect(record?.data.destination_name).toBe('');
    expect(record?.data.call_start).toBe('2021-06-29 08:30:15');
  });

  it('reads a call_end column when a second date follows call_start', () => {
    const [record] = parseMixvoipCsv(
      'CALLOUT,1,2,"LU","2021-06-29 08:30:15","2021-06-29 08:31:16",61,20,2,7.00,N/A\n',
    );
    expect(record?.data).toMatchObject({
      call_start: '2021-06-29 08:30:15',
      call_end: '2021-06-29 08:31:16',
      duration: '61',
    });
  });

  it('keeps unknown trailing columns and unknown types', () => {
    const [record] = parseMixvoipCsv(
      'MDATA,user,Data,"EU roaming","2024-01-01 00:00:00",0,,150,0.10,INV-9,extra\n',
    );
    expect(record?.type).toBe('MDATA');
    expect(record?.data.column_11).toBe('extra');
  });

  it('keeps a quantity that is not a number as a string', () => {
    const [record] = parseMixvoipCsv('PAY,user,Topup,"",2024-01-01 00:00:00,0,,n/a,100.00,INV-2\n');
    expect(record?.data.quantity).toBe('n/a');
  });

  it('skips a header row, a BOM and CRLF line ends', () => {
    const text =
      '\ufefftype,source,destination,destination_name,call_start,duration,pbxextension,quantity,price,invoice\r\n' +
      'CALLOUT,1,2,"LU","2021-06-29 08:30:15",61,20,2,7.00,N/A\r\n';
    const records = parseMixvoipCsv(text);
    expect(records).toHaveLength(1);
    expect(records[0]?.data.invoice).toBe('N/A');
  });

  it('reads an empty answer as no records', () => {
    expect(parseMixvoipCsv('')).toEqual([]);
    expect(parseMixvoipCsv('\n')).toEqual([]);
  });

  it('rejects a row without a date where call_start belongs, naming the line, as a syntax error', () => {
    const read = () =>
      parseMixvoipCsv('CALLOUT,1,2,"LU","2021-06-29 08:30:15",61,20,2,7.00,N/A\nCALLOUT,1,2,3,4,5,6\n');
    expect(read).toThrow(ResponseFormatError);
    expect(read).toThrow(/line 2/);
    expect(read).toThrow(expect.objectContaining({ kind: 'syntax', path: 'line 2' }));
  });

  it('rejects the text a crashing back end prints into the answer', () => {
    const broken =
      'CALLOUT,1,2,"LU","2021-06-29 08:30:15",61,20,2,7.00,N/A\nCALLOUT,+3522<br />\n<b>Fatal error</b>:  Allowed memory size exhausted';
    expect(() => parseMixvoipCsv(broken)).toThrow(
      expect.objectContaining({ kind: 'syntax', path: 'line 2' }),
    );
  });

  it('takes a last row whose invoice stops at N/ for a cut N/A', () => {
    const row = 'CALLOUT,1,2,"LU","2021-06-29 08:30:15",61,20,2,7.00,';
    expect(() => parseMixvoipCsv(`${row}N/A\n${row}N/`)).toThrow(expect.objectContaining({ kind: 'syntax' }));
    expect(() => parseMixvoipCsv(`${row}N/A\n${row}N`)).toThrow(expect.objectContaining({ kind: 'syntax' }));
    expect(parseMixvoipCsv(`${row}N/A\n${row}N/A`)).toHaveLength(2);
    expect(parseMixvoipCsv(`${row}N/A\n${row}INV-7`)).toHaveLength(2);
  });

  it('calls a short last row without a final line break a cut-off answer (retried)', () => {
    try {
      parseMixvoipCsv(
        'CALLOUT,1,2,"LU","2021-06-29 08:30:15",61,20,2,7.00,N/A\nCALLOUT,1,2,"LU","2021-06-29 08:3',
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ResponseFormatError);
      expect((error as ResponseFormatError).kind).toBe('syntax');
    }
  });

  it('calls an open quote at the end a cut-off answer', () => {
    expect(() => parseMixvoipCsv('CALLOUT,1,2,"LU","2021-06-29 08:30:15",61,20,2,7.00,"N/')).toThrow(
      expect.objectContaining({ kind: 'syntax' }),
    );
  });
});
