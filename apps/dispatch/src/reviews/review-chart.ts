import { chartPng, type DocumentFont } from '#libs/documents';
import type { ReviewContent } from './review-content.js';

/** New cases per category, this fortnight beside the one before, drawn on the server like the bulletin's. */
export function reviewChartPng(review: ReviewContent, font: Pick<DocumentFont, 'file' | 'family'>): Promise<Buffer> {
  const series = (name: string, colour: string, pick: (entry: ReviewContent['byCategory'][number]) => number) => ({
    name,
    type: 'bar',
    itemStyle: { color: colour },
    label: { show: true, position: 'top' },
    data: review.byCategory.map(pick),
  });
  return chartPng(
    {
      title: { text: '各类别新增案件 本期与上期 New cases by category', left: 'center', textStyle: { fontSize: 16 } },
      legend: { bottom: 0, data: ['上期', '本期'] },
      grid: { left: 50, right: 20, top: 50, bottom: 60 },
      xAxis: { type: 'category', data: review.byCategory.map((entry) => entry.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        series('上期', '#90a4ae', (entry) => entry.previous),
        series('本期', '#c62828', (entry) => entry.current),
      ],
    },
    font,
  );
}
