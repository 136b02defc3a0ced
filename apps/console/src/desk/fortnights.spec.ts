import { countyDate, lastDayOf, recentFortnights } from './fortnights.js';

describe("the review's fortnights in the console", () => {
  it("reads today in the county's zone, whatever the machine's zone", () => {
    // 17:00 UTC on Sunday is 01:00 on Monday in Beijing.
    expect(countyDate(new Date('2026-11-29T17:00:00Z'))).toBe('2026-11-30');
    expect(countyDate(new Date('2026-11-29T15:59:00Z'))).toBe('2026-11-29');
  });

  it('offers the fortnights that have ended, newest first, every other Monday from the anchor', () => {
    // The grid from 2026-01-05: …, 2026-11-09, 2026-11-23, 2026-12-07.
    expect(recentFortnights(new Date('2026-12-01T04:00:00Z'), 3)).toEqual(['2026-11-09', '2026-10-26', '2026-10-12']);
    // On the Monday a fortnight ends (county time), that fortnight has ended.
    expect(recentFortnights(new Date('2026-12-06T16:30:00Z'), 1)).toEqual(['2026-11-23']);
    expect(recentFortnights(new Date('2026-12-06T15:30:00Z'), 1)).toEqual(['2026-11-09']);
    expect(lastDayOf('2026-11-23')).toBe('2026-12-06');
  });
});
