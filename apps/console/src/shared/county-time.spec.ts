import { countyInstant, countyLocalNow, countyToday } from './county-time.js';

describe('county wall-clock times', () => {
  it('reads a datetime-local value as county time, whatever the zone the browser is in', () => {
    expect(countyInstant('2026-10-12T09:30')).toBe('2026-10-12T01:30:00.000Z');
    expect(countyInstant('2027-01-01T00:00')).toBe('2026-12-31T16:00:00.000Z');
  });

  it('writes now and today as the county reads them', () => {
    const instant = Date.parse('2026-12-01T16:30:00Z'); // 00:30 on 2 December in Beijing
    expect(countyLocalNow(instant)).toBe('2026-12-02T00:30');
    expect(countyToday(instant)).toBe('2026-12-02');
    expect(countyInstant(countyLocalNow(instant))).toBe('2026-12-01T16:30:00.000Z');
  });
});
