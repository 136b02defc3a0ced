import { dueDigestDay, isWorkingDate } from './digest-day.js';

const ZONE = 'Asia/Shanghai';

describe('dueDigestDay', () => {
  it("is today's county date once the digest time has passed", () => {
    // 00:30 UTC is 08:30 in the county.
    expect(dueDigestDay(new Date('2026-12-01T00:30:00Z'), ZONE, '08:30')).toBe('2026-12-01');
    expect(dueDigestDay(new Date('2026-12-01T15:59:00Z'), ZONE, '08:30')).toBe('2026-12-01');
  });

  it('is none before the time, even when yesterday went without', () => {
    expect(dueDigestDay(new Date('2026-12-01T00:29:59Z'), ZONE, '08:30')).toBeUndefined();
  });

  it('counts the date in the county, not in UTC', () => {
    // 17:00 UTC on the 1st is 01:00 on the 2nd in the county.
    expect(dueDigestDay(new Date('2026-12-01T17:00:00Z'), ZONE, '00:00')).toBe('2026-12-02');
  });
});

describe('isWorkingDate', () => {
  const calendar = { offDays: ['2026-10-01'], workdays: ['2026-10-10'] };

  it("follows the year's calendar: a holiday off, a swapped Saturday worked", () => {
    expect(isWorkingDate('2026-10-01', calendar)).toBe(false);
    expect(isWorkingDate('2026-10-10', calendar)).toBe(true);
    expect(isWorkingDate('2026-10-12', calendar)).toBe(true);
    expect(isWorkingDate('2026-10-11', calendar)).toBe(false);
  });

  it('takes Monday to Friday without a calendar', () => {
    expect(isWorkingDate('2027-01-04', undefined)).toBe(true);
    expect(isWorkingDate('2027-01-09', undefined)).toBe(false);
  });
});
