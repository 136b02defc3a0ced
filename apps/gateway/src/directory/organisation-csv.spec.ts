import { ORGANISATION_IMPORT_MAX_ROWS } from '#libs/contracts';
import { CsvError, parseCsv, readOrganisationCsv } from './organisation-csv.js';

describe('organisations CSV', () => {
  it('reads RFC 4180 records: quoted commas, line breaks and quotes, CRLF or LF, a last line without a break', () => {
    expect(parseCsv('a,b\r\n"c,1","d ""e"""\n"f\ng",\nh')).toEqual([['a', 'b'], ['c,1', 'd "e"'], ['f\ng', ''], ['h']]);
    expect(parseCsv('a,b\n')).toEqual([['a', 'b']]);
    expect(parseCsv('""')).toEqual([['']]);
    expect(parseCsv('')).toEqual([]);
  });

  it.each([
    ['a quote never closed', 'kind,code\n"school,X', /row 2: a quoted field is not closed/],
    ['a quote inside a plain field', 'kind,code\nsch"ool,X', /row 2: a quote inside a field/],
    ['text after a closing quote', 'kind,code\n"school"x,X', /row 2: only a comma or a line break/],
  ])('refuses %s, naming the row', (_, text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvError);
    expect(() => parseCsv(text)).toThrow(message);
  });

  it('finds the columns by name in any order and case, in English or Chinese, and skips a BOM and blank rows', () => {
    expect(readOrganisationCsv('\uFEFFName,CODE,kind\nNo. 4 School,DM-S004,school\n\n,,\n')).toEqual([
      { row: 2, fields: { kind: 'school', code: 'DM-S004', name: 'No. 4 School' } },
    ]);
    expect(readOrganisationCsv('类型,代码,名称\n学校,DM-S005,第五小学\n部门,DM-HEALTH,县卫健委\n')).toEqual([
      { row: 2, fields: { kind: 'school', code: 'DM-S005', name: '第五小学' } },
      { row: 3, fields: { kind: 'unit', code: 'DM-HEALTH', name: '县卫健委' } },
    ]);
  });

  it('numbers rows as a spreadsheet shows them and reports a row with fields beyond the header', () => {
    expect(readOrganisationCsv('kind,code,name\n\nschool,A1,One,,\nunit,B2,Two,extra\n')).toEqual([
      { row: 3, fields: { kind: 'school', code: 'A1', name: 'One' } },
      { row: 4, error: { message: 'has 4 fields where the header has 3' } },
    ]);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a header without a code column', 'kind,name\nschool,One', /no "code" column/],
    ['a column named twice', 'kind,code,name,代码\n', /"code" column twice/],
  ])('refuses %s as a whole', (_, text, message) => {
    expect(() => readOrganisationCsv(text)).toThrow(message);
  });

  it(`refuses more than ${ORGANISATION_IMPORT_MAX_ROWS} rows at once`, () => {
    const rows = (count: number) =>
      `kind,code,name\n${Array.from({ length: count }, (_, i) => `school,S${i},School ${i}`).join('\n')}`;
    expect(readOrganisationCsv(rows(ORGANISATION_IMPORT_MAX_ROWS))).toHaveLength(ORGANISATION_IMPORT_MAX_ROWS);
    expect(() => readOrganisationCsv(rows(ORGANISATION_IMPORT_MAX_ROWS + 1))).toThrow(/send the file in parts/);
  });
});
