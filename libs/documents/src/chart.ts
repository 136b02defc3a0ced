import type { EChartsCoreOption } from 'echarts';
import type { DocumentFont } from './font.js';

export type ChartOption = EChartsCoreOption;

/**
 * A chart drawn on the server: echarts renders SVG without a browser, and resvg turns it into a
 * PNG with the document's own font (no system fonts, so the output is the same on every machine).
 * Both load on the first chart, not at boot: echarts alone is about 40 MB and half a second to load.
 */
export async function chartPng(
  option: ChartOption,
  font: Pick<DocumentFont, 'file' | 'family'>,
  size: { width: number; height: number } = { width: 720, height: 360 },
): Promise<Buffer> {
  const [echarts, { Resvg }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
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
