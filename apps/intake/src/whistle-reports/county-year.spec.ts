import { CountyYear } from './county-year.js';

describe('CountyYear', () => {
  it("gives the county's year, which starts at local midnight on 1 January", () => {
    const year = new CountyYear('Asia/Shanghai');
    expect(year.of(new Date('2026-12-31T15:59:59.999Z'))).toBe(2026);
    // 16:00 UTC on 31 December is midnight in Shanghai (UTC+8).
    expect(year.of(new Date('2026-12-31T16:00:00.000Z'))).toBe(2027);
    expect(year.of(new Date('2027-06-01T00:00:00.000Z'))).toBe(2027);
    // Going back in time (a clock stepped back) is answered right too.
    expect(year.of(new Date('2026-12-31T15:59:59.999Z'))).toBe(2026);
    expect(year.of(new Date('2025-01-01T00:00:00.000Z'))).toBe(2025);
  });
});
