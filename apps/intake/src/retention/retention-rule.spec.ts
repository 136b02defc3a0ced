import { closureOf, dueCutoffs, isDue } from './retention-rule.js';
import { parsePeriod } from '#libs/config';

const at = (iso: string) => new Date(iso);
const periods = { closedTips: 'P1Y', closedCases: 'P3Y' };
const now = at('2030-06-15T12:00:00Z');

describe('retention rule', () => {
  it('counts a refused tip from its triage, under the tips period', () => {
    for (const tipStatus of ['false', 'prank', 'spam', 'duplicate'] as const) {
      const tip = { tipStatus, triagedAt: at('2029-06-15T12:00:00Z'), caseStatus: null, caseStatusAt: null };
      expect(closureOf(tip)).toEqual({ at: tip.triagedAt, period: 'closedTips' });
      expect(isDue(tip, periods, now)).toBe(true);
      expect(isDue({ ...tip, triagedAt: at('2029-06-15T12:00:01Z') }, periods, now)).toBe(false);
    }
  });

  it('keeps a tip waiting for triage, whatever its age', () => {
    const tip = { tipStatus: 'received' as const, triagedAt: null, caseStatus: null, caseStatusAt: null };
    expect(closureOf(tip)).toBeNull();
    expect(isDue(tip, periods, now)).toBe(false);
  });

  it('counts a tip that became a case from the case closing, under the cases period', () => {
    const tip = {
      tipStatus: 'escalated' as const,
      triagedAt: at('2020-01-01T00:00:00Z'),
      caseStatus: 'CLOSED' as const,
      caseStatusAt: at('2027-06-15T12:00:00Z'),
    };
    expect(closureOf(tip)).toEqual({ at: tip.caseStatusAt, period: 'closedCases' });
    expect(isDue(tip, periods, now)).toBe(true);
    // Triaged long ago, but its case is still being worked: kept.
    expect(isDue({ ...tip, caseStatus: 'IN_PROGRESS' }, periods, now)).toBe(false);
    expect(isDue({ ...tip, caseStatusAt: at('2028-01-01T00:00:00Z') }, periods, now)).toBe(false);
  });

  it("counts a report from its case's final status: closed, rejected or merged", () => {
    for (const caseStatus of ['CLOSED', 'REJECTED', 'MERGED'] as const) {
      expect(isDue({ caseStatus, caseStatusAt: at('2027-06-15T12:00:00Z') }, periods, now)).toBe(true);
      expect(isDue({ caseStatus, caseStatusAt: at('2027-06-15T12:00:01Z') }, periods, now)).toBe(false);
    }
  });

  it('keeps a report whose case is open or not yet known, or verified but not closed', () => {
    const old = at('2000-01-01T00:00:00Z');
    for (const caseStatus of ['REPORTED', 'ASSIGNED', 'VERIFIED', 'REOPENED'] as const) {
      expect(isDue({ caseStatus, caseStatusAt: old }, periods, now)).toBe(false);
    }
    expect(isDue({ caseStatus: 'CLOSED', caseStatusAt: null }, periods, now)).toBe(false);
  });

  it('counts years and months as calendar units', () => {
    const cutoffs = dueCutoffs({ closedTips: 'P1M', closedCases: 'P1Y' }, at('2028-03-31T00:00:00Z'));
    expect(cutoffs.closedTips.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(cutoffs.closedCases.toISOString()).toBe('2027-03-31T00:00:00.000Z');
    const short = dueCutoffs({ closedTips: 'PT2S', closedCases: 'PT2S' }, now);
    expect(now.getTime() - short.closedTips.getTime()).toBe(2000);
  });

  it('refuses periods that are not positive ISO-8601 durations, saying what to write', () => {
    expect(parsePeriod('P1Y').years).toBe(1);
    expect(() => parsePeriod('1 year')).toThrow(/not an ISO-8601 duration.*P1Y/);
    expect(() => parsePeriod('')).toThrow(/not an ISO-8601 duration/);
    expect(() => parsePeriod('PT0S')).toThrow(/longer than nothing/);
    expect(() => parsePeriod('-P1Y')).toThrow(/longer than nothing|not an ISO-8601/);
  });
});
