import { quarterOf, recentQuarters } from './quarters.js';

describe('quarters in the console', () => {
  it("names the quarter of the county's date, whatever the machine's zone", () => {
    // 16:30 UTC on 31 December is already 1 January in Beijing.
    expect(quarterOf(new Date('2026-12-31T16:30:00Z'))).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-12-31T15:30:00Z'))).toBe('2026-Q4');
  });

  it('offers this quarter and the ones before it, across a year', () => {
    expect(recentQuarters(new Date('2027-02-01T00:00:00Z'), 3)).toEqual(['2027-Q1', '2026-Q4', '2026-Q3']);
  });
});
