import { dueFortnight, fortnight, lastCompleteFortnight, notAMonday, notOnGrid, reviewDueAt } from './fortnights.js';

const anchor = '2026-01-05';
const zone = 'Asia/Shanghai';

describe('the fortnight grid', () => {
  it('is every other Monday from the anchor, in both directions', () => {
    expect(notAMonday(anchor)).toBeUndefined();
    expect(notOnGrid('2026-01-19', anchor)).toBeUndefined();
    expect(notOnGrid('2025-12-22', anchor)).toBeUndefined();
    expect(notOnGrid('2026-01-12', anchor)).toMatch(/every other Monday from 2026-01-05/);
    expect(notOnGrid('2026-01-06', anchor)).toBe('must be a Monday');
    expect(notOnGrid('2026-1-5', anchor)).toBe('must be a date as YYYY-MM-DD');
    expect(notOnGrid('2026-02-30', anchor)).toBe('must be a real date');
  });

  it('runs from Monday 00:00 to the Monday two weeks later, county time', () => {
    const period = fortnight('2026-01-19', zone);
    expect(period).toEqual({
      start: '2026-01-19',
      end: '2026-02-02',
      from: new Date('2026-01-18T16:00:00Z'),
      to: new Date('2026-02-01T16:00:00Z'),
    });
    expect(reviewDueAt(period, zone, '08:00')).toEqual(new Date('2026-02-02T00:00:00Z'));
  });

  it('counts calendar days, so a zone with daylight saving keeps the grid on local Mondays', () => {
    const berlin = fortnight('2026-03-23', 'Europe/Berlin');
    expect(berlin.from).toEqual(new Date('2026-03-22T23:00:00Z'));
    expect(berlin.to).toEqual(new Date('2026-04-05T22:00:00Z'));
  });

  it('defaults a review by hand to the last fortnight that has ended', () => {
    // Monday 2 February 00:30 in the county: the fortnight of 19 January has just ended.
    expect(lastCompleteFortnight(new Date('2026-02-01T16:30:00Z'), anchor, zone).start).toBe('2026-01-19');
    // Sunday 1 February 23:59 in the county: it has not.
    expect(lastCompleteFortnight(new Date('2026-02-01T15:59:00Z'), anchor, zone).start).toBe('2026-01-05');
    // Before the anchor, the grid runs backwards from it.
    expect(lastCompleteFortnight(new Date('2025-12-31T04:00:00Z'), anchor, zone).start).toBe('2025-12-08');
  });

  it('makes a fortnight’s review at 08:00 on the Monday that ends it, and catches up only the latest one due', () => {
    expect(dueFortnight(new Date('2026-02-01T23:59:00Z'), anchor, zone, '08:00').start).toBe('2026-01-05');
    expect(dueFortnight(new Date('2026-02-02T00:00:00Z'), anchor, zone, '08:00').start).toBe('2026-01-19');
    // A service down for five weeks comes back to the latest due review, not the ones before it.
    expect(dueFortnight(new Date('2026-03-10T02:00:00Z'), anchor, zone, '08:00').start).toBe('2026-02-16');
  });
});
