import { closedCasesCutoff, isCaseDue } from './case-retention-rule.js';

describe('retention of closed cases', () => {
  const now = new Date('2029-03-10T02:00:00Z');

  it('makes a case due once the period has passed since it closed, rejected or merged', () => {
    for (const status of ['CLOSED', 'REJECTED', 'MERGED'] as const) {
      expect(isCaseDue({ status, updatedAt: new Date('2026-03-10T02:00:00Z') }, 'P3Y', now)).toBe(true);
      expect(isCaseDue({ status, updatedAt: new Date('2026-03-10T02:00:01Z') }, 'P3Y', now)).toBe(false);
    }
  });

  it('never makes an open case due, however old', () => {
    for (const status of ['REPORTED', 'ASSIGNED', 'VERIFIED', 'REOPENED'] as const) {
      expect(isCaseDue({ status, updatedAt: new Date('2000-01-01T00:00:00Z') }, 'P1D', now)).toBe(false);
    }
  });

  it('counts years in the calendar, not in days: a year back from a leap day is the 28th of February', () => {
    expect(closedCasesCutoff('P1Y', new Date('2032-02-29T00:00:00Z')).toISOString()).toBe('2031-02-28T00:00:00.000Z');
    expect(closedCasesCutoff('P3Y', new Date('2031-03-01T00:00:00Z')).toISOString()).toBe('2028-03-01T00:00:00.000Z');
  });
});
