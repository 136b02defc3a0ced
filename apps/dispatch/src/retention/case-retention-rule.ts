import { periodBefore } from '#libs/config';
import type { CaseStatus } from '#libs/contracts';
import { FINAL_STATUSES } from '../domain/case-lifecycle.js';

/** What the rule needs of a case: its status and when it last changed (for a final case, when it closed). */
export interface ClosedCase {
  status: CaseStatus;
  updatedAt: Date;
}

/** Cases that closed at or before this instant are due at `now`. */
export const closedCasesCutoff = (period: string, now: Date): Date => periodBefore(now, period);

/**
 * Whether a case's free texts are due to be removed: it reached a final status (closed, rejected,
 * merged: no way out) and `period` has passed since. A final case does not change again, so its last
 * change is its closing.
 */
export function isCaseDue(record: ClosedCase, period: string, now: Date): boolean {
  return FINAL_STATUSES.has(record.status) && record.updatedAt.getTime() <= closedCasesCutoff(period, now).getTime();
}

/**
 * The free texts dispatch keeps about a case, which people write and which may name a child: the
 * assessment, each step's reason, the units' notes and summaries, extension reasons and decisions.
 * Codes, units, deadlines and times stay, so the ledger, statistics and reviews keep counting.
 */
export const CASE_FREE_TEXTS = {
  cases: 'assessment_note = NULL',
  case_transitions: 'reason = NULL',
  tasks: 'progress_note = NULL, feedback_summary = NULL, rectify_summary = NULL, decline_reason = NULL',
  extensions: "reason = '', decision_reason = NULL",
} as const;
