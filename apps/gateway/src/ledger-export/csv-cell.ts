/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces, with
 * quotes doubled. A text that a spreadsheet would run as a formula (it starts with = + - @, or a tab
 * or carriage return that some of them skip first) gets a leading apostrophe, so a case's text can
 * never become a formula on the task force's machine (CSV injection).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV line of cells, ended by CRLF as RFC 4180 and Excel expect. */
export function csvLine(values: ReadonlyArray<string | number | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The byte order mark that makes Excel read the file as UTF-8 (Chinese headers and names). */
export const UTF8_BOM = '\uFEFF';
