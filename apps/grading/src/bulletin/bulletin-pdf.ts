import { TIERS } from '#libs/contracts';
import { type DocumentFont, pdfHeading as heading, renderPdf } from '#libs/documents';
import type { Bulletin } from './bulletin.query.js';
import { tierChartPng } from './tier-chart.js';
import { MOVE_LABELS, TIER_LABELS } from './tier-labels.js';

/** The quarterly notice as a PDF: the same content as the JSON bulletin, with the chart embedded as an image. */
export async function bulletinPdf(bulletin: Bulletin, font: DocumentFont): Promise<Buffer> {
  const chart = await tierChartPng(bulletin, font);
  return renderPdf({ title: `${bulletin.quarter} 校园安全季度通报` }, font, (doc) => draw(doc, bulletin, chart));
}

function draw(doc: PDFKit.PDFDocument, bulletin: Bulletin, chart: Buffer) {
  doc.fontSize(20).text(`${bulletin.quarter} 校园安全季度通报`, { align: 'center' });
  doc
    .fontSize(10)
    .text(
      `Quarterly campus-safety bulletin · 发布 ${bulletin.publishedAt.slice(0, 10)} · 评分细则第 ${bulletin.rubricVersion} 版`,
      {
        align: 'center',
      },
    );
  doc.moveDown();

  heading(doc, '一、等级分布 Distribution of tiers');
  doc.text(
    `参评学校 ${bulletin.schools} 所：` +
      TIERS.map((tier) => `${TIER_LABELS[tier]} ${bulletin.distribution[tier]} 所`).join('，') +
      '。',
  );
  doc.moveDown(0.5);
  doc.image(chart, { fit: [495, 250], align: 'center' });
  doc.moveDown();

  heading(doc, '二、等级变动 Schools that moved');
  if (bulletin.moves.length === 0) doc.text('本季度无等级变动。');
  for (const move of bulletin.moves) {
    doc.text(
      `${move.name}（${move.code}）：${TIER_LABELS[move.fromTier]} → ${TIER_LABELS[move.toTier]}（${MOVE_LABELS[move.move]}），得分 ${move.score}`,
    );
    for (const reason of move.reasons) {
      doc.text(
        reason.kind === 'veto'
          ? `    · 否决项：${reason.label}`
          : `    · ${reason.label}：${reason.previousPoints ?? '—'} → ${reason.points} / ${reason.max}`,
      );
    }
  }
  doc.moveDown();

  heading(doc, '三、重点关注学校 Schools of key attention');
  if (bulletin.keyAttention.length === 0) doc.text('本季度无降级学校。');
  for (const school of bulletin.keyAttention) {
    doc.text(`${school.name}（${school.code}）：${TIER_LABELS[school.tier]}，列为重点关注，跟踪督导。`);
  }
  doc.moveDown();

  heading(doc, '四、近期趋势 Trend over the last quarters');
  for (const point of bulletin.trend) {
    doc.text(`${point.quarter}：` + TIERS.map((tier) => `${TIER_LABELS[tier]} ${point.distribution[tier]}`).join('，'));
  }
  if (bulletin.amendments.length > 0) {
    doc.moveDown();
    heading(doc, '五、申诉更正 Amended on appeal');
    for (const amendment of bulletin.amendments) {
      doc.text(`${amendment.name}（${amendment.code}）：更正为 ${TIER_LABELS[amendment.tier]}`);
    }
  }
}
