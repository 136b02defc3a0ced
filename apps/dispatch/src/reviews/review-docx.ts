import type { Paragraph, Table } from 'docx';
import type { ReviewDocument } from './review-document.js';

/** Chinese text in Word: the East Asian font of every run, so the document opens right without the PDF's font. */
const FONT = { ascii: 'Microsoft YaHei', eastAsia: 'Microsoft YaHei', hAnsi: 'Microsoft YaHei' };

/** The review as a Word document: the same document as the PDF, the chart as a PNG. */
export async function reviewDocx(document: ReviewDocument, chart: Buffer): Promise<Buffer> {
  // Loaded on the first Word file, not at boot (about 11 MB).
  const {
    AlignmentType,
    Document,
    HeadingLevel,
    ImageRun,
    Packer,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    TextRun,
    WidthType,
  } = await import('docx');
  const cell = (text: string, share: number, shares: number, header = false) =>
    new TableCell({
      width: { size: Math.round((5000 * share) / shares), type: WidthType.PERCENTAGE },
      children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
    });
  const body: Array<Paragraph | Table> = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(document.title)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: document.subtitle, size: 18 })] }),
    new Paragraph({ children: [new TextRun(document.summary)] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new ImageRun({ type: 'png', data: chart, transformation: { width: 600, height: 300 } })],
    }),
  ];
  for (const section of document.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.heading)] }));
    if (section.lead) body.push(new Paragraph({ children: [new TextRun(section.lead)] }));
    if (section.rows.length === 0) {
      body.push(new Paragraph({ children: [new TextRun(section.empty)] }));
      continue;
    }
    const shares = section.columns.reduce((sum, column) => sum + column.share, 0);
    body.push(
      new Table({
        width: { size: 5000, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: section.columns.map((column) => cell(column.header, column.share, shares, true)),
          }),
          ...section.rows.map(
            (row) => new TableRow({ children: row.map((text, i) => cell(text, section.columns[i].share, shares)) }),
          ),
        ],
      }),
    );
  }
  const doc = new Document({
    creator: 'Campus Whistle',
    title: document.title,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
