import { type DocumentFont, pdfHeading, pdfTable, renderPdf } from '#libs/documents';
import type { ReviewDocument } from './review-document.js';

/** The review as a PDF: the shared document, with the chart after the summary. */
export function reviewPdf(document: ReviewDocument, chart: Buffer, font: DocumentFont): Promise<Buffer> {
  return renderPdf({ title: document.title }, font, (doc) => {
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc.fontSize(20).text(document.title, { align: 'center' });
    doc.fontSize(10).text(document.subtitle, { align: 'center' });
    doc.moveDown();
    doc.fontSize(11).text(document.summary);
    doc.moveDown(0.5);
    doc.image(chart, { fit: [width, 250], align: 'center' });
    doc.moveDown();
    for (const section of document.sections) {
      pdfHeading(doc, section.heading);
      if (section.lead) doc.text(section.lead);
      if (section.rows.length === 0) doc.text(section.empty);
      else {
        const shares = section.columns.reduce((sum, column) => sum + column.share, 0);
        pdfTable(
          doc,
          section.columns.map((column) => ({ header: column.header, width: (width * column.share) / shares })),
          section.rows,
        );
      }
      doc.moveDown();
    }
  });
}
