import { USER_IMPORT_MAX_ROWS } from '#libs/contracts';
import { type CsvRow, readCsvRows } from './csv.js';

/** The columns, by the names a header may give them (English or Chinese, any case). */
const REQUIRED = {
  username: ['username', 'user', 'login', '用户名', '账号', '帐号'],
  role: ['role', '角色'],
  organisation: ['organisation', 'organization', 'org', 'orgcode', 'organisation code', '单位代码', '机构代码', '代码'],
} as const;
const OPTIONAL = { displayName: ['displayname', 'display name', 'name', '姓名', '名称', '显示名'] } as const;

const PASSWORD_COLUMNS = ['password', 'initial password', 'passwd', 'pwd', '密码', '初始密码'];
const PASSWORD_REASON = 'passwords are never imported; each created user gets one made by the server';

export type UserCsvRow = CsvRow<'username' | 'role' | 'organisation' | 'displayName'>;

/**
 * The rows of a users file: each data row's `username`, `role`, `organisation` (a code) and
 * `displayName` ('' when the column is absent or the cell empty), or what is wrong with its shape; the
 * values themselves are checked by the user request's schema. A file with a password column is refused
 * whole: passwords never travel in files (each created user's is made by the server). Throws CsvError
 * when the file as a whole cannot be read (see readCsvRows).
 */
export function readUserCsv(text: string): UserCsvRow[] {
  return readCsvRows(
    text,
    { required: REQUIRED, optional: OPTIONAL, refused: { names: PASSWORD_COLUMNS, reason: PASSWORD_REASON } },
    USER_IMPORT_MAX_ROWS,
  );
}

export interface UserCandidate {
  row: number;
  username: string;
}

/**
 * A username already in an earlier row of the same file (in any case, as the directory compares
 * usernames): the row it first appeared in, else undefined; `seen` remembers each row's username.
 */
export function repeatedIn(seen: Map<string, number>, { row, username }: UserCandidate): number | undefined {
  const key = username.toLowerCase();
  const first = seen.get(key);
  if (first === undefined) seen.set(key, row);
  return first;
}
