import { ORGANISATION_IMPORT_MAX_ROWS } from '#libs/contracts';
import { type CsvRow, readCsvRows } from './csv.js';

export { CsvError, parseCsv } from './csv.js';

/** The columns, by the names a header may give them (English or Chinese, any case). */
const COLUMNS = {
  kind: ['kind', 'type', '类型', '类别'],
  code: ['code', '代码', '编码', '编号'],
  name: ['name', '名称', '单位名称', '学校名称'],
} as const;

const KINDS: Record<string, string> = {
  school: 'school',
  学校: 'school',
  unit: 'unit',
  department: 'department',
  单位: 'unit',
  部门: 'unit',
};

export type OrganisationCsvRow = CsvRow<'kind' | 'code' | 'name'>;

/**
 * The rows of an organisations file: each data row's `kind`, `code` and `name` (kinds in Chinese read
 * as their English words), or what is wrong with its shape; the values themselves are checked by the
 * request schema. Throws CsvError when the file as a whole cannot be read (see readCsvRows).
 */
export function readOrganisationCsv(text: string): OrganisationCsvRow[] {
  return readCsvRows(text, { required: COLUMNS }, ORGANISATION_IMPORT_MAX_ROWS).map((line) =>
    'fields' in line
      ? { ...line, fields: { ...line.fields, kind: KINDS[line.fields.kind.toLowerCase()] ?? line.fields.kind } }
      : line,
  );
}
