import { USER_IMPORT_MAX_ROWS } from '#libs/contracts';
import { CsvError } from './csv.js';
import { readUserCsv, repeatedIn } from './user-csv.js';

describe('users CSV', () => {
  it('finds the columns by name in any order and case, in English or Chinese; displayName is optional', () => {
    expect(readUserCsv('\uFEFFRole,Organisation,USERNAME\nschool_reporter,dm-s001,wang.li\n\n,,\n')).toEqual([
      { row: 2, fields: { username: 'wang.li', role: 'school_reporter', organisation: 'dm-s001', displayName: '' } },
    ]);
    expect(readUserCsv('用户名,角色,单位代码,姓名\n li.na , school_reporter,DM-S002,李娜\n')).toEqual([
      { row: 2, fields: { username: 'li.na', role: 'school_reporter', organisation: 'DM-S002', displayName: '李娜' } },
    ]);
  });

  it('numbers rows as a spreadsheet shows them and reports a row with fields beyond the header', () => {
    expect(readUserCsv('username,role,organisation\n\na.b,inspector,COUNTY,,\nc.d,inspector,COUNTY,x\n')).toEqual([
      { row: 3, fields: { username: 'a.b', role: 'inspector', organisation: 'COUNTY', displayName: '' } },
      { row: 4, error: { message: 'has 4 fields where the header has 3' } },
    ]);
  });

  it.each([
    ['an empty file', '', /empty/],
    [
      'a header without a role column',
      'username,organisation\na.b,X',
      /no "role" column \(it needs username, role and organisation\)/,
    ],
    ['a column named twice', 'username,role,organisation,用户名\n', /"username" column twice/],
    [
      'a password column',
      'username,role,organisation,Password\na.b,inspector,X,secret12345678',
      /"password" column: passwords are never imported/,
    ],
    ['a quote never closed', 'username,role,organisation\n"a.b,inspector,X', /row 2: a quoted field is not closed/],
  ])('refuses %s as a whole', (_, text, message) => {
    expect(() => readUserCsv(text)).toThrow(CsvError);
    expect(() => readUserCsv(text)).toThrow(message);
  });

  it(`refuses more than ${USER_IMPORT_MAX_ROWS} rows at once`, () => {
    const rows = (count: number) =>
      `username,role,organisation\n${Array.from({ length: count }, (_, i) => `u${i}.x,inspector,C`).join('\n')}`;
    expect(readUserCsv(rows(USER_IMPORT_MAX_ROWS))).toHaveLength(USER_IMPORT_MAX_ROWS);
    expect(() => readUserCsv(rows(USER_IMPORT_MAX_ROWS + 1))).toThrow(/send the file in parts/);
  });

  it('names the earlier row of a username repeated in the file, in any case', () => {
    const seen = new Map<string, number>();
    expect(repeatedIn(seen, { row: 2, username: 'Wang.Li' })).toBeUndefined();
    expect(repeatedIn(seen, { row: 3, username: 'li.na' })).toBeUndefined();
    expect(repeatedIn(seen, { row: 5, username: 'wang.li' })).toBe(2);
  });
});
