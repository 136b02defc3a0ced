import { csvChunks, decodeCsv, toCsv } from './csv-chunks.js';

describe('CSV chunks for the organisations and users imports', () => {
  it('splits records at line breaks outside quotes, with the header before each chunk and the file row of its first record', () => {
    const file = 'kind,code,name\r\nschool,A,"One\nline two"\r\nunit,B,"Two, ""quoted"""\n\nschool,C,Three';
    expect(csvChunks(file, 2)).toEqual([
      {
        text: 'kind,code,name\nschool,A,"One\nline two"\nunit,B,"Two, ""quoted"""\n',
        firstRow: 2,
        records: 2,
      },
      { text: 'kind,code,name\n\nschool,C,Three\n', firstRow: 4, records: 2 },
    ]);
    expect(csvChunks('kind,code,name\n', 200)).toEqual([]);
  });

  it('reads UTF-8, and GB18030 when the bytes are not UTF-8', () => {
    expect(decodeCsv(new TextEncoder().encode('名称').buffer)).toBe('名称');
    // 名称 in GB18030.
    expect(decodeCsv(new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6]).buffer)).toBe('名称');
  });

  it('writes records as CSV: quoting commas, quotes and line breaks, and keeping would-be formulas as text', () => {
    expect(
      toCsv([
        ['row', 'username', 'password'],
        [2, 'wang.li', 'Ab3, "x"'],
        [3, '=SUM(A1)', undefined],
      ]),
    ).toBe('row,username,password\r\n2,wang.li,"Ab3, ""x"""\r\n3,\'=SUM(A1),\r\n');
  });
});
