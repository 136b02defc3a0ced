/** One request's part of a CSV file: the header and some records, and the file row of its first record. */
export interface CsvChunk {
  text: string;
  /** The file's row number of the chunk's first record (the header is row 1). */
  firstRow: number;
  records: number;
}

/**
 * Splits a CSV file into the header and its records, at line breaks outside quoted fields, and makes
 * chunks of `size` records each with the header in front; the API numbers each chunk's rows from 2, so
 * a chunk's row `r` is the file's row `r + firstRow - 2`. The API reads the CSV itself: a broken file
 * is refused there, naming the row.
 */
export function csvChunks(text: string, size: number): CsvChunk[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      records.push(text.slice(start, i));
      if (char === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start));
  const [header = '', ...rows] = records;
  const chunks: CsvChunk[] = [];
  for (let at = 0; at < rows.length; at += size) {
    const part = rows.slice(at, at + size);
    chunks.push({ text: [header, ...part].join('\n') + '\n', firstRow: at + 2, records: part.length });
  }
  return chunks;
}

/** A file's text: UTF-8 (a BOM is fine), or GB18030 as spreadsheets on Chinese systems save CSV. */
export function decodeCsv(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * Records as CSV text (CRLF line ends, as spreadsheets write them): a field with a comma, quote or
 * line break quoted, quotes doubled; a field a spreadsheet would run as a formula (starting with =, +,
 * -, @ or a tab) kept as text by a leading apostrophe.
 */
export function toCsv(records: ReadonlyArray<ReadonlyArray<string | number | undefined>>): string {
  const field = (value: string | number | undefined) => {
    let text = value === undefined ? '' : String(value);
    if (/^[=+\-@\t]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return records.map((record) => record.map(field).join(',')).join('\r\n') + '\r\n';
}
