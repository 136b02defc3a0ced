import { type DocumentFont } from '#libs/documents';
import { reviewChartPng } from './review-chart.js';
import type { ReviewContent } from './review-content.js';
import { reviewDocument } from './review-document.js';
import { reviewDocx } from './review-docx.js';
import { reviewPdf } from './review-pdf.js';

export type ReviewFileFormat = 'pdf' | 'docx';

const CONTENT_TYPES: Record<ReviewFileFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * A stored review as a file. NATS replies are JSON, so the bytes travel as base64 and the gateway's
 * route sends them (a review is some tens of KB, far under the message limit).
 */
export async function reviewFile(review: ReviewContent, format: ReviewFileFormat, font: DocumentFont, zone: string) {
  const document = reviewDocument(review, zone);
  const chart = await reviewChartPng(review, font);
  const bytes = format === 'pdf' ? await reviewPdf(document, chart, font) : await reviewDocx(document, chart);
  return {
    contentType: CONTENT_TYPES[format],
    filename: `biweekly-review-${review.periodStart}.${format}`,
    base64: bytes.toString('base64'),
  };
}
