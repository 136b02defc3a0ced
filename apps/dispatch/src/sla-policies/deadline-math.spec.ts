import { dueAt } from './deadline-math.js';

describe('dueAt', () => {
  const from = new Date('2026-03-01T02:00:00.000Z');

  it('adds seconds, hours and days', () => {
    expect(dueAt(from, 'PT3S', 'Asia/Shanghai').toISOString()).toBe('2026-03-01T02:00:03.000Z');
    expect(dueAt(from, 'PT2H', 'Asia/Shanghai').toISOString()).toBe('2026-03-01T04:00:00.000Z');
    expect(dueAt(from, 'P5D', 'Asia/Shanghai').toISOString()).toBe('2026-03-06T02:00:00.000Z');
  });

  it('counts a calendar day in the county zone across a DST change', () => {
    const beforeChange = new Date('2026-03-07T17:00:00.000Z'); // 12:00 in New York, the day before DST starts
    expect(dueAt(beforeChange, 'P1D', 'America/New_York').toISOString()).toBe('2026-03-08T16:00:00.000Z');
  });

  it('refuses a window that is not a positive duration', () => {
    expect(() => dueAt(from, 'soon', 'Asia/Shanghai')).toThrow(/ISO-8601/);
    expect(() => dueAt(from, 'PT0S', 'Asia/Shanghai')).toThrow(/ISO-8601/);
  });
});
