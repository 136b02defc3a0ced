import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { DocumentFont } from './font.js';

export type ChartOption = echarts.EChartsCoreOption;

/**
 * A chart drawn on the server: echarts renders SVG without a browser, and resvg turns it into a
 * PNG with the document's own font (no system fonts, so the output is the same on every machine).
 */
export function chartPng(
  option: ChartOption,
  font: Pick<DocumentFont, 'file' | 'family'>,
  size: { width: number; height: number } = { width: 720, height: 360 },
): Buffer {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: font.family },
      ...option,
    });
    const svg = chart.renderToSVGString();
    return new Resvg(svg, {
      background: '#ffffff',
      font: { fontFiles: [font.file], loadSystemFonts: false, defaultFontFamily: font.family },
    })
      .render()
      .asPng();
  } finally {
    chart.dispose();
  }
}
