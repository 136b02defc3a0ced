import { type DocumentFont, fontBytes } from './font.js';

/**
 * An A4 PDF written with the Chinese font (embedded as a subset): `draw` writes the pages, and the
 * bytes come back once pdfkit has finished. pdfkit loads on the first document, not at boot (about 25 MB).
 */
export async function renderPdf(
  info: { title: string },
  font: DocumentFont,
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: info.title, Author: 'Campus Whistle' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontBytes(font.file), font.postscriptName);
  doc.font('cjk');
  draw(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A section heading, then body text at the body size. */
export function pdfHeading(doc: PDFKit.PDFDocument, text: string): void {
  doc.fontSize(14).text(text);
  doc.fontSize(11);
}

/**
 * A plain table: a bold-ruled header row and one row per item, columns of the given widths (points),
 * starting a new page when the next row would not fit.
 */
export function pdfTable(doc: PDFKit.PDFDocument, columns: Array<{ header: string; width: number }>, rows: string[][]) {
  const left = doc.page.margins.left;
  const padding = 3;
  const line = (cells: string[], header: boolean) => {
    doc.fontSize(header ? 10 : 9.5);
    const height =
      Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i].width - 2 * padding }))) +
      2 * padding;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x + padding, top + padding, { width: columns[i].width - 2 * padding });
      x += columns[i].width;
    });
    const width = columns.reduce((sum, column) => sum + column.width, 0);
    doc
      .moveTo(left, top + height)
      .lineTo(left + width, top + height)
      .lineWidth(header ? 1 : 0.3)
      .stroke();
    doc.x = left;
    doc.y = top + height;
  };
  line(
    columns.map((column) => column.header),
    true,
  );
  for (const row of rows) line(row, false);
  doc.fontSize(11);
  doc.moveDown(0.5);
}
