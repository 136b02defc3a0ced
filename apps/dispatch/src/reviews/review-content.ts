import {
  CATEGORIES,
  type CaseStatus,
  type Category,
  type RiskLevel,
  type ReviewView,
  type Severity,
} from '#libs/contracts';
import { FINAL_STATUSES } from '../domain/case-lifecycle.js';
import type { TaskStatus } from '../domain/task.js';
import type { Fortnight } from './fortnights.js';
import { CATEGORY_LABELS, REASON_LABELS } from './review-labels.js';

/** A case as the review reads it: codes, references and times only, never what the report said. */
export interface ReviewCaseRow {
  caseId: string;
  reference: string;
  category: Category;
  severity: Severity;
  riskLevel: RiskLevel | null;
  lifeSafety: boolean;
  status: CaseStatus;
  schoolId: string | null;
  schoolCode: string | null;
  schoolName: string | null;
  reportedAt: Date;
  /** When it last reached CLOSED, if it did. */
  closedAt: Date | null;
}

/** An open task with the deadlines it still owes (the latest version of each, not cancelled). */
export interface ReviewTaskRow {
  taskId: string;
  caseId: string;
  caseReference: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  status: TaskStatus;
  ackDueAt: Date | null;
  rectifyDueAt: Date | null;
  /** A rung of the escalation ladder has fired for it. */
  escalated: boolean;
}

export type OpenItemReason = keyof typeof REASON_LABELS;

/**
 * What a review says; stored as it was made (a snapshot), and rendered as JSON, PDF and DOCX. Its
 * shape is the route's (`reviewView` in the contracts), less who made it, which the store keeps apart.
 */
export type ReviewContent = Omit<ReviewView, 'madeBy'>;
type CaseLine = ReviewContent['lifeSafety'][number];

/** A school whose new cases reach this many in a fortnight is one of repeated cases. */
export const REPEATED_CASES = 2;

const OPEN_TASK: ReadonlySet<TaskStatus> = new Set(['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS']);
const HIGH_RISK: ReadonlySet<RiskLevel> = new Set(['high', 'critical']);

const within = (at: Date, period: Fortnight) => at >= period.from && at < period.to;

const line = (row: ReviewCaseRow): CaseLine => ({
  caseId: row.caseId,
  reference: row.reference,
  category: row.category,
  severity: row.severity,
  status: row.status,
  schoolCode: row.schoolCode,
  schoolName: row.schoolName,
  reportedAt: row.reportedAt.toISOString(),
});

const byReportedAt = (a: { reportedAt: string; reference: string }, b: { reportedAt: string; reference: string }) =>
  a.reportedAt.localeCompare(b.reportedAt) || a.reference.localeCompare(b.reference);

/**
 * The deadline a task owes at `at`, if it has passed: the acknowledgement until the unit reports for
 * duty (acknowledging cancels it), then the rectification.
 */
export function overdueDeadline(
  task: ReviewTaskRow,
  at: Date,
): { deadline: 'ack' | 'rectify'; dueAt: Date } | undefined {
  if (!OPEN_TASK.has(task.status)) return undefined;
  const owed: { deadline: 'ack' | 'rectify'; dueAt: Date | null } = task.ackDueAt
    ? { deadline: 'ack', dueAt: task.ackDueAt }
    : { deadline: 'rectify', dueAt: task.rectifyDueAt };
  return owed.dueAt && owed.dueAt <= at ? { deadline: owed.deadline, dueAt: owed.dueAt } : undefined;
}

/**
 * The biweekly review of a fortnight from the rows dispatch keeps. Counts are of the fortnight
 * (cases reported in it, cases closed in it, against the fortnight before); what is overdue,
 * escalated or open is as the review is made, which is what the meeting acts on. A merged case
 * counts once, as the case it was merged into.
 */
export function composeReview(input: {
  period: Fortnight;
  previous: Fortnight;
  madeAt: Date;
  cases: ReviewCaseRow[];
  tasks: ReviewTaskRow[];
}): ReviewContent {
  const { period, previous, madeAt } = input;
  const cases = input.cases.filter((row) => row.status !== 'MERGED');
  const fresh = cases.filter((row) => within(row.reportedAt, period));
  const before = cases.filter((row) => within(row.reportedAt, previous));
  const closed = cases.filter((row) => row.closedAt && within(row.closedAt, period));

  const byCategory = CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_LABELS[category],
    current: fresh.filter((row) => row.category === category).length,
    previous: before.filter((row) => row.category === category).length,
  }));

  const overdue = new Map<string, ReviewContent['overdueByUnit'][number]>();
  const overdueCases = new Set<string>();
  const escalatedCases = new Set<string>();
  for (const task of input.tasks) {
    if (!OPEN_TASK.has(task.status)) continue;
    if (task.escalated) escalatedCases.add(task.caseId);
    const owed = overdueDeadline(task, madeAt);
    if (!owed) continue;
    overdueCases.add(task.caseId);
    const unit = overdue.get(task.unitId) ?? {
      unitId: task.unitId,
      unitCode: task.unitCode,
      unitName: task.unitName,
      acknowledge: 0,
      rectify: 0,
      total: 0,
      tasks: [],
    };
    if (owed.deadline === 'ack') unit.acknowledge += 1;
    else unit.rectify += 1;
    unit.total += 1;
    unit.tasks.push({
      taskId: task.taskId,
      caseReference: task.caseReference,
      deadline: owed.deadline,
      dueAt: owed.dueAt.toISOString(),
    });
    overdue.set(task.unitId, unit);
  }
  for (const unit of overdue.values()) {
    unit.tasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.caseReference.localeCompare(b.caseReference));
  }

  const perSchool = new Map<string, ReviewCaseRow[]>();
  for (const row of fresh) {
    if (row.schoolId) perSchool.set(row.schoolId, [...(perSchool.get(row.schoolId) ?? []), row]);
  }

  const openItems: ReviewContent['openItems'] = [];
  for (const row of cases) {
    if (FINAL_STATUSES.has(row.status)) continue;
    const reasons: OpenItemReason[] = [];
    if (overdueCases.has(row.caseId)) reasons.push('overdue');
    if (escalatedCases.has(row.caseId)) reasons.push('escalated');
    if (row.riskLevel && HIGH_RISK.has(row.riskLevel)) reasons.push('high-risk');
    if (reasons.length > 0) openItems.push({ ...line(row), riskLevel: row.riskLevel, reasons });
  }

  return {
    periodStart: period.start,
    periodEnd: period.end,
    previousPeriodStart: previous.start,
    madeAt: madeAt.toISOString(),
    newCases: { count: fresh.length, items: fresh.map(line).sort(byReportedAt) },
    closedCases: {
      count: closed.length,
      items: closed.map((row) => ({ ...line(row), closedAt: (row.closedAt as Date).toISOString() })).sort(byReportedAt),
    },
    byCategory,
    risingCategories: byCategory.filter((entry) => entry.current > entry.previous),
    overdueByUnit: [...overdue.values()].sort((a, b) => b.total - a.total || a.unitCode.localeCompare(b.unitCode)),
    repeatedSchools: [...perSchool.entries()]
      .filter(([, rows]) => rows.length >= REPEATED_CASES)
      .map(([schoolId, rows]) => ({
        schoolId,
        schoolCode: rows[0].schoolCode,
        schoolName: rows[0].schoolName,
        cases: rows.length,
        references: rows.map((row) => row.reference).sort(),
      }))
      .sort((a, b) => b.cases - a.cases || (a.schoolCode ?? '').localeCompare(b.schoolCode ?? '')),
    lifeSafety: fresh
      .filter((row) => row.lifeSafety)
      .map(line)
      .sort(byReportedAt),
    openItems: openItems.sort(byReportedAt),
  };
}
