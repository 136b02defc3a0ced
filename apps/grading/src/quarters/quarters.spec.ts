import { dueQuarter, previousQuarter, quarterBounds, quarterOf, termOfQuarter } from './quarters.js';

const zone = 'Asia/Shanghai';

describe('quarters in the county zone', () => {
  it('starts and ends a quarter at local midnight', () => {
    const { start, end } = quarterBounds('2026-Q4', zone);
    expect(start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('puts an instant in the quarter of its local date', () => {
    expect(quarterOf(new Date('2026-09-30T16:30:00Z'), zone)).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-09-30T15:30:00Z'), zone)).toBe('2026-Q3');
  });

  it('steps back over the year', () => {
    expect(previousQuarter('2027-Q1')).toBe('2026-Q4');
    expect(previousQuarter('2026-Q3')).toBe('2026-Q2');
  });

  it('counts the spring checklist for Q1–Q2 and the autumn one for Q3–Q4', () => {
    expect(termOfQuarter('2026-Q2')).toBe('2026-spring');
    expect(termOfQuarter('2026-Q4')).toBe('2026-autumn');
  });

  it('makes a draft due some days after the quarter ends', () => {
    expect(dueQuarter(new Date('2026-10-05T00:00:00Z'), 7, zone)).toBe('2026-Q2');
    expect(dueQuarter(new Date('2026-10-07T16:00:00Z'), 7, zone)).toBe('2026-Q3');
    expect(dueQuarter(new Date('2026-12-01T00:00:00Z'), 7, zone)).toBe('2026-Q3');
  });
});
