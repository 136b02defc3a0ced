import { AppError } from '#libs/errors';
import { countyWeeks, resolvePeriod, statsPeriod } from './county-period.js';

const ZONE = 'Asia/Shanghai';

describe('resolvePeriod', () => {
  it('reads a date as the whole county day, both ends included', () => {
    const period = resolvePeriod({ from: '2026-11-01', to: '2026-11-30' }, ZONE);
    expect(period.from?.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(period.to?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('takes an instant as written', () => {
    const period = resolvePeriod({ from: '2026-11-01T09:00:00+08:00', to: '2026-11-02T00:00:00Z' }, ZONE);
    expect(period).toEqual({ from: new Date('2026-11-01T01:00:00Z'), to: new Date('2026-11-02T00:00:00Z') });
  });

  it('leaves an open end open', () => {
    expect(resolvePeriod({}, ZONE)).toEqual({ from: undefined, to: undefined });
  });

  it('refuses a period that ends before it starts, naming to', () => {
    expect(() => resolvePeriod({ from: '2026-11-03', to: '2026-11-01' }, ZONE)).toThrow(
      expect.objectContaining({ status: 400, field: 'to' }) as AppError,
    );
  });
});

describe('statsPeriod', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('defaults to the 90 days before now', () => {
    expect(statsPeriod({}, ZONE, now)).toEqual({ from: new Date('2026-09-02T00:00:00Z'), to: now });
  });

  it('refuses more than two years, naming from', () => {
    expect(() => statsPeriod({ from: '2020-01-01', to: '2026-01-01' }, ZONE, now)).toThrow(
      expect.objectContaining({ status: 400, field: 'from' }) as AppError,
    );
  });
});

describe('countyWeeks', () => {
  it('lists the Monday of every county week the period touches', () => {
    // 2026-11-01 is a Sunday: its week began on Monday 26 October.
    const period = resolvePeriod({ from: '2026-11-01', to: '2026-11-16' }, ZONE) as Required<
      ReturnType<typeof resolvePeriod>
    >;
    expect(countyWeeks(period, ZONE)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
  });

  it('counts weeks in the county zone, not UTC', () => {
    // Monday 00:30 in Shanghai is still Sunday in UTC.
    const at = new Date('2026-11-01T16:30:00Z');
    expect(countyWeeks({ from: at, to: new Date(at.getTime() + 60_000) }, ZONE)).toEqual(['2026-11-02']);
  });

  it('gives one week for an empty period', () => {
    const at = new Date('2026-11-04T00:00:00Z');
    expect(countyWeeks({ from: at, to: at }, ZONE)).toEqual(['2026-11-02']);
  });
});
