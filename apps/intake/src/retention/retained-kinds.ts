import { type Closable, FINAL_CASE_STATUSES, type PeriodName, REFUSED_TIP_STATUSES } from './retention-rule.js';

/** A row the sweep may anonymise, as its candidate query answers it. */
export type CandidateRow = Closable & { id: string };

/**
 * What the sweep does to one kind of record: which rows may be due (the rule's cutoffs and status
 * lists as parameters, so the rule stays the one definition), which columns it clears, and what the
 * audit names. What statistics count stays: school, category, severity, dates, statuses, references.
 */
export interface RetainedKind {
  subject: 'tip' | 'report';
  table: 'tips' | 'whistle_reports';
  /** Locks up to `$1` rows that may be due, skipping rows another process or a command holds. */
  candidates: (cutoffs: Record<PeriodName, Date>) => { sql: string; parameters: unknown[] };
  /** The assignments that leave no personal text, for `UPDATE … SET`. */
  clear: string;
  /** The fields named in the audit (as the API names them), thread and files included. */
  fields: readonly string[];
}

export const TIPS: RetainedKind = {
  subject: 'tip',
  table: 'tips',
  candidates: (cutoffs) => ({
    sql: `SELECT id, status AS "tipStatus", triaged_at AS "triagedAt", case_status AS "caseStatus",
                 case_status_at AS "caseStatusAt"
            FROM intake.tips
           WHERE anonymised_at IS NULL
             AND ((status = ANY($2::text[]) AND triaged_at <= $3)
               OR (status = 'escalated' AND case_status = ANY($4::text[]) AND case_status_at <= $5))
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    parameters: [REFUSED_TIP_STATUSES, cutoffs.closedTips, FINAL_CASE_STATUSES, cutoffs.closedCases],
  }),
  clear: `school_name = NULL, what = '', occurred = NULL, place = NULL, people = NULL, contact = NULL,
          decision_reason = NULL`,
  fields: ['schoolName', 'what', 'when', 'where', 'who', 'contact', 'triageReason', 'messages', 'attachments'],
};

export const REPORTS: RetainedKind = {
  subject: 'report',
  table: 'whistle_reports',
  candidates: (cutoffs) => ({
    sql: `SELECT id, case_status AS "caseStatus", case_status_at AS "caseStatusAt"
            FROM intake.whistle_reports
           WHERE anonymised_at IS NULL AND case_status = ANY($2::text[]) AND case_status_at <= $3
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    parameters: [FINAL_CASE_STATUSES, cutoffs.closedCases],
  }),
  clear: `title = '', description = '', location = '', lat = NULL, lng = NULL, people_involved = NULL`,
  fields: ['title', 'description', 'location', 'coordinates', 'peopleInvolved', 'messages', 'attachments'],
};
