import { chartPng } from './chart.js';
import { WQY_MICROHEI_FAMILY } from './font.js';
import { pdfHeading, pdfTable, renderPdf } from './pdf.js';

const font = {
  file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  postscriptName: 'WenQuanYiMicroHei',
  family: WQY_MICROHEI_FAMILY,
};

describe('documents', () => {
  it('draws a chart as a PNG of the asked size', async () => {
    const png = await chartPng(
      {
        xAxis: { type: 'category', data: ['本期', '上期'] },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: [3, 1] }],
      },
      font,
      { width: 300, height: 200 },
    );
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The IHDR chunk holds the width and height.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([300, 200]);
  });

  it('writes a PDF with the Chinese font embedded, and a table that runs onto further pages', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => [`第 ${i + 1} 行`, '县公安局']);
    const pdf = await renderPdf({ title: '测试' }, font, (doc) => {
      pdfHeading(doc, '一、表格');
      pdfTable(
        doc,
        [
          { header: '序号', width: 200 },
          { header: '单位', width: 295 },
        ],
        rows,
      );
    });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/FontFile2/);
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(1);
  });
});
