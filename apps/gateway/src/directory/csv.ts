import type { z } from 'zod';
import { AppError } from '#libs/errors';

/** The file cannot be read at all: the whole upload is refused (400 naming `csv`), nothing written. */
export class CsvError extends Error {}

/**
 * RFC 4180 records: fields split by commas, a field in double quotes may hold commas, line breaks and
 * `""` for a quote; a record ends at CRLF or LF. Strict about quotes (a quote in the middle of a plain
 * field, text after a closing quote, a quote never closed): such a file is refused, not guessed at.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  /** The field began with a quote, which has been closed: only a comma or a line break may follow. */
  let closed = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    quoted = false;
    closed = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const row = records.length + 1;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        closed = true;
      }
    } else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else if (closed) {
      throw new CsvError(`row ${row}: only a comma or a line break may follow a closing quote`);
    } else if (char === '"') {
      if (fieldStarted) throw new CsvError(`row ${row}: a quote inside a field must be in a quoted field, as ""`);
      quoted = true;
      fieldStarted = true;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvError(`row ${records.length + 1}: a quoted field is not closed`);
  // The last record, unless the text ended with its line break.
  if (fieldStarted || closed || record.length > 0) endRecord();
  return records;
}

/** A data row's values by column, or what is wrong with its shape; `row` as a spreadsheet shows it (header = 1). */
export type CsvRow<C extends string> =
  { row: number; fields: Record<C, string> } | { row: number; error: { message: string; field?: string } };

/**
 * The rows of an import file: each column found in the header by any of the names it may go by
 * (English or Chinese, any case), each data row's values trimmed, a missing optional column read as
 * ''. Rows are numbered as a spreadsheet shows them, the header being row 1; blank rows are skipped; a
 * row with values beyond the header's columns is reported, not read. Throws CsvError when the file as
 * a whole cannot be read: not CSV, no header, a required column missing or named twice, more than
 * `maxRows` rows, a refused column.
 */
export function readCsvRows<R extends string, O extends string = never>(
  text: string,
  columns: {
    required: Record<R, readonly string[]>;
    optional?: Record<O, readonly string[]>;
    /** Columns a file must not have, by name, with the reason. */
    refused?: { names: readonly string[]; reason: string };
  },
  maxRows: number,
): Array<CsvRow<R | O>> {
  type C = R | O;
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records[0]?.map((name) => name.trim().toLowerCase());
  if (!header || header.every((name) => name === '')) throw new CsvError('the file is empty: it needs a header row');
  const refused = header.find((name) => columns.refused?.names.includes(name));
  if (refused !== undefined) throw new CsvError(`the header has a "${refused}" column: ${columns.refused?.reason}`);
  const required: string[] = Object.keys(columns.required);
  const names = { ...columns.optional, ...columns.required } as Record<C, readonly string[]>;
  const index = {} as Record<C, number | undefined>;
  for (const column of Object.keys(names) as C[]) {
    const found = header.flatMap((name, at) => (names[column].includes(name) ? [at] : []));
    if (found.length === 0 && required.includes(column)) {
      const list = `${required.slice(0, -1).join(', ')} and ${required[required.length - 1]}`;
      throw new CsvError(`the header has no "${column}" column (it needs ${list})`);
    }
    if (found.length > 1) throw new CsvError(`the header names the "${column}" column twice`);
    index[column] = found[0];
  }
  const rows: Array<CsvRow<C>> = [];
  records.slice(1).forEach((record, at) => {
    const row = at + 2;
    if (record.every((value) => value.trim() === '')) return;
    if (rows.length === maxRows) throw new CsvError(`more than ${maxRows} rows: send the file in parts`);
    // Spreadsheets often end rows with empty cells; only a value beyond the header's columns is wrong.
    if (record.slice(header.length).some((value) => value.trim() !== '')) {
      rows.push({ row, error: { message: `has ${record.length} fields where the header has ${header.length}` } });
      return;
    }
    const fields = {} as Record<C, string>;
    for (const column of Object.keys(names) as C[]) {
      const at = index[column];
      fields[column] = at === undefined ? '' : (record[at] ?? '').trim();
    }
    rows.push({ row, fields });
  });
  return rows;
}

/** Reads a file with `read`, refusing it whole as 400 `bad_csv` (naming `csv` and the problem) when it cannot be read. */
export function readOrRefuse<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CsvError) throw new AppError(400, 'bad_csv', error.message, 'csv');
    throw error;
  }
}

/** A row refused by a request schema: the first issue's field (its path) and message. */
export function issueOf(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue.path.map(String).join('.'), message: issue.message };
}

/** An import's answer: every row's fate, and how many of each. */
export function importReport<R extends { status: 'created' | 'exists' | 'error' }>(rows: R[]) {
  const count = (status: R['status']) => rows.filter((row) => row.status === status).length;
  return { rows, created: count('created'), exists: count('exists'), errors: count('error') };
}
