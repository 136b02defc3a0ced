import * as echarts from 'echarts';
import { type Figure, goalScore, ratioOf } from './figures.js';

const CLIP = 2;
const GOAL = 'of its goal (≥ 1 meets it; red: missed)';
const LIMIT = 'of the machine limit it is compared with';

/**
 * An SVG bar chart, drawn on the server: each figure as a fraction of its goal (1 = just met, more
 * is better whichever way the goal points) and as a fraction of the machine limit it is compared with.
 * Bars are clipped at 2; the label gives the real value.
 */
export function chartSvg(figures: Figure[], title: string): string {
  const shown = figures.filter((f) => goalScore(f) !== undefined || ratioOf(f) !== undefined);
  const labels = shown.map((f) => f.label.replace(/ \(.*\)$/, ''));
  const bar = (value: number | undefined, good?: boolean) =>
    value === undefined
      ? { value: null }
      : {
          value: Math.min(value, CLIP),
          label: { show: true, position: 'right', formatter: value.toFixed(2) },
          itemStyle: good === undefined ? undefined : { color: good ? '#3a7d44' : '#c0392b' },
        };
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: 1000,
    height: 120 + shown.length * 34,
  });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 14 } },
    legend: { top: 36, itemGap: 80, data: [GOAL, LIMIT] },
    grid: { left: 420, right: 60, top: 70, bottom: 40 },
    xAxis: { type: 'value', max: CLIP, name: 'fraction', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { fontSize: 11 } },
    series: [
      {
        name: GOAL,
        type: 'bar',
        itemStyle: { color: '#3a7d44' },
        data: shown.map((f) => {
          const score = goalScore(f);
          return bar(score, score === undefined ? undefined : score >= 1);
        }),
        markLine: { symbol: 'none', data: [{ xAxis: 1 }], label: { show: false }, lineStyle: { color: '#555' } },
      },
      { name: LIMIT, type: 'bar', itemStyle: { color: '#7f8c8d' }, data: shown.map((f) => bar(ratioOf(f))) },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
