import { periodBefore } from '#libs/config';
import type { CaseStatus } from '#libs/contracts';
import type { TipStatus } from '../tips/tip-status-text.js';

/** Triage decisions that close a tip at once: no case is opened. */
export const REFUSED_TIP_STATUSES: readonly TipStatus[] = ['false', 'prank', 'spam', 'duplicate'];
/** Case statuses with no way out (dispatch's final statuses): the case is over. */
export const FINAL_CASE_STATUSES: readonly CaseStatus[] = ['CLOSED', 'REJECTED', 'MERGED'];

/** How long personal data is kept after a tip or a case closes. */
export interface RetentionPeriods {
  closedTips: string;
  closedCases: string;
}

/** What the rule needs to know of a tip or a report; a report has no tip status. */
export interface Closable {
  tipStatus?: TipStatus;
  triagedAt?: Date | null;
  caseStatus: CaseStatus | null;
  caseStatusAt: Date | null;
}

export type PeriodName = keyof RetentionPeriods;

/**
 * When a tip or report closed, and which period then runs. A refused tip closes at its triage and
 * keeps the tips' period; a report, or a tip that became a case, closes when its case reaches a
 * final status and keeps the cases' period, since its texts are that case's record. Open: null.
 */
export function closureOf(record: Closable): { at: Date; period: PeriodName } | null {
  if (record.tipStatus !== undefined && REFUSED_TIP_STATUSES.includes(record.tipStatus)) {
    return record.triagedAt ? { at: record.triagedAt, period: 'closedTips' } : null;
  }
  if (record.tipStatus !== undefined && record.tipStatus !== 'escalated') return null;
  if (record.caseStatus && FINAL_CASE_STATUSES.includes(record.caseStatus) && record.caseStatusAt) {
    return { at: record.caseStatusAt, period: 'closedCases' };
  }
  return null;
}

/** Records that closed at or before these instants are due for anonymisation at `now`. */
export function dueCutoffs(periods: RetentionPeriods, now: Date): Record<PeriodName, Date> {
  return { closedTips: periodBefore(now, periods.closedTips), closedCases: periodBefore(now, periods.closedCases) };
}

/** Whether a tip's or report's personal data is due to be anonymised at `now`. */
export function isDue(record: Closable, periods: RetentionPeriods, now: Date): boolean {
  const closure = closureOf(record);
  return closure !== null && closure.at.getTime() <= dueCutoffs(periods, now)[closure.period].getTime();
}
