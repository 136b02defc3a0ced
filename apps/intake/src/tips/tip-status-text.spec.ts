import { tipStatusText } from './tip-status-text.js';

describe('tipStatusText', () => {
  it('tells the tipster where their tip is, in Chinese and English', () => {
    expect(tipStatusText('received', null)).toEqual({ zh: '已收到，正在核实', en: 'Received; we are looking into it' });
    expect(tipStatusText('escalated', 'ASSIGNED').en).toMatch(/case was opened/);
    expect(tipStatusText('escalated', 'CLOSED').en).toMatch(/closed/);
  });

  it('words every refusal the same, so the tipster learns nothing of how it was judged', () => {
    const refusals = (['false', 'prank', 'spam'] as const).map((status) => tipStatusText(status, null));
    expect(new Set(refusals.map((text) => text.en)).size).toBe(1);
    expect(new Set(refusals.map((text) => text.zh)).size).toBe(1);
  });
});
