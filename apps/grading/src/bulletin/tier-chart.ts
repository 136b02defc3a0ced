import { TIERS } from '#libs/contracts';
import { chartPng, type DocumentFont } from '#libs/documents';
import type { Bulletin } from './bulletin.query.js';
import { TIER_LABELS } from './tier-labels.js';

const COLOURS = { demonstration: '#2e7d32', compliant: '#1565c0', 'non-compliant': '#c62828' } as const;

/**
 * The tiers of the last quarters as stacked bars (this quarter last), drawn on the server: echarts
 * renders SVG without a browser, and resvg turns it into a PNG with the bulletin's own font.
 */
export function tierChartPng(bulletin: Bulletin, font: Pick<DocumentFont, 'file' | 'family'>): Promise<Buffer> {
  return chartPng(
    {
      title: { text: '等级分布与趋势 Tiers by quarter', left: 'center', textStyle: { fontSize: 16 } },
      legend: { bottom: 0, data: TIERS.map((tier) => TIER_LABELS[tier]) },
      grid: { left: 50, right: 20, top: 50, bottom: 60 },
      xAxis: { type: 'category', data: bulletin.trend.map((point) => point.quarter) },
      yAxis: { type: 'value', minInterval: 1 },
      series: TIERS.map((tier) => ({
        name: TIER_LABELS[tier],
        type: 'bar',
        stack: 'tiers',
        itemStyle: { color: COLOURS[tier] },
        label: { show: true, formatter: ({ value }: { value: number }) => (value > 0 ? String(value) : '') },
        data: bulletin.trend.map((point) => point.distribution[tier]),
      })),
    },
    font,
  );
}
