import { z } from 'zod';
import { defineEvent, type EventContract } from './event-contract.js';
import {
  caseSourceSchema,
  caseStatusSchema,
  categorySchema,
  deadlineKindSchema,
  escalationTargetSchema,
  orgKindSchema,
  roleSchema,
  severitySchema,
  taskRoleSchema,
  tierSchema,
} from './vocabulary.js';

/*
 * Every event the system publishes. Payloads carry ids and codes only: no names, descriptions or
 * other personal data of minors or tipsters ever travel in an event.
 */
const id = z.uuid();
const instant = z.iso.datetime({ offset: true });
/** A case's or tip's public reference (never a tip's tracking code, which is a secret). */
const reference = z.string().min(1).max(32);
const quarter = z.string().regex(/^\d{4}-Q[1-4]$/);

export const OrganisationRegistered = defineEvent(
  'gateway.organisation.registered',
  1,
  z.object({ orgId: id, kind: orgKindSchema, code: z.string().min(1).max(64), name: z.string().min(1).max(200) }),
);

/**
 * An organisation renamed, retired or reinstated: its whole state (directory data, never personal),
 * so a copy is the latest event applied. `revision` counts the organisation's states (its registration
 * is 1): a copy applies an event only when it is newer than what it holds, whatever the order of
 * delivery or a replay. `retiredAt` set: no new assignment, report, grade or sign-in from then on.
 */
export const OrganisationChanged = defineEvent(
  'gateway.organisation.changed',
  1,
  z.object({
    orgId: id,
    kind: orgKindSchema,
    code: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    retiredAt: instant.nullable(),
    revision: z.int().min(2),
  }),
);

export const UserRegistered = defineEvent(
  'gateway.user.registered',
  1,
  z.object({ userId: id, orgId: id, role: roleSchema }),
);

export const WhistleReportSubmitted = defineEvent(
  'intake.whistle-report.submitted',
  1,
  z.object({
    reportId: id,
    reference: z.string().min(1).max(32),
    schoolId: id,
    category: categorySchema,
    severity: severitySchema,
    submittedAt: instant,
    /** A life-safety term matched: dispatch opens the case urgent, straight in the task force's queue. */
    lifeSafety: z.boolean().optional(),
  }),
);

const caseStatusChangedV1 = z.object({
  caseId: id,
  schoolId: id,
  from: caseStatusSchema.nullable(),
  to: caseStatusSchema,
  changedAt: instant,
});

/**
 * Superseded by v2, and still registered: events of v1 stay in the stream (30 days) and in parked
 * events after dispatch publishes v2, and an unregistered version could be neither delivered nor
 * replayed. Consumers read it as a change whose place in the case's order is unknown.
 */
export const CaseStatusChangedV1 = defineEvent('dispatch.case.status-changed', 1, caseStatusChangedV1);

/**
 * `sequence` numbers a case's changes 1, 2, 3… (its opening is 1), assigned in the transaction that
 * makes the change: the order of changes, where `changedAt` is only one process's clock.
 */
export const CaseStatusChanged = defineEvent(
  'dispatch.case.status-changed',
  2,
  caseStatusChangedV1.extend({
    sequence: z.int().min(1),
    /** Added later, so optional: the case's reference, for titles that must not name its content. */
    reference: reference.optional(),
    /** The command that made the change (screen, assess, verify, confirm…), for the school's case-update. */
    command: z.string().min(1).max(32).optional(),
  }),
);

/**
 * A case reached a status it cannot leave (CLOSED, REJECTED, MERGED), whether it has a school or not:
 * status changes of a case about no particular school are not announced, and intake still needs the
 * closing of every tip's or report's case to count its retention period. Ids and statuses only.
 */
export const CaseClosed = defineEvent(
  'dispatch.case.closed',
  1,
  z.object({
    caseId: id,
    source: caseSourceSchema,
    status: z.enum(['CLOSED', 'REJECTED', 'MERGED']),
    /** The change's place in the case's order, as in `dispatch.case.status-changed`. */
    sequence: z.int().min(1),
    closedAt: instant,
  }),
);

/**
 * A closed case's free texts were removed after its retention period: intake removes the files its
 * units attached as evidence. Ids only, as every event.
 */
export const CaseAnonymised = defineEvent(
  'dispatch.case.anonymised',
  1,
  z.object({ caseId: id, anonymisedAt: instant }),
);

export const TaskAssigned = defineEvent(
  'dispatch.task.assigned',
  1,
  z.object({
    taskId: id,
    caseId: id,
    reference: z.string().min(1).max(32),
    unitId: id,
    role: taskRoleSchema,
    ackDueAt: instant,
  }),
);

export const TaskAcknowledged = defineEvent(
  'dispatch.task.acknowledged',
  1,
  z.object({ taskId: id, caseId: id, unitId: id, acknowledgedAt: instant }),
);

export const TaskAckBreached = defineEvent(
  'dispatch.task.ack-breached',
  1,
  z.object({
    taskId: id,
    caseId: id,
    reference: z.string().min(1).max(32),
    unitId: id,
    ackDueAt: instant,
    breachedAt: instant,
  }),
);

const caseOpenedV1 = z.object({
  caseId: id,
  reference,
  source: caseSourceSchema,
  /** The report, tip, inspection or grading that the case came from. */
  sourceId: z.string().min(1).max(64),
  schoolId: id.nullable(),
  category: categorySchema,
  severity: severitySchema,
  lifeSafety: z.boolean(),
  openedAt: instant,
});

/**
 * Superseded by v2, and still registered for the events of v1 left in the stream and in parked
 * events. With v1, dispatch also announced the opening as `dispatch.case.status-changed` number 1.
 */
export const CaseOpenedV1 = defineEvent('dispatch.case.opened', 1, caseOpenedV1);

/**
 * A case opened, whatever its source; notify alerts on urgent and supervision cases. It is also the
 * case's status change number 1 (from none to `status`, command `open`, at `openedAt`), which is not
 * announced again as `dispatch.case.status-changed`: one event where there were two, so a report's
 * case reaches every consumer once.
 */
export const CaseOpened = defineEvent('dispatch.case.opened', 2, caseOpenedV1.extend({ status: caseStatusSchema }));

/** The sequence of a case's opening, the first of its status changes. */
export const OPENING_SEQUENCE = 1;

/**
 * The lead unit rectified its task. `evidence` names the attachments (intake's ids) it showed, so intake
 * can link them to the case and open them to those who may see it; `rectifiedBy` is the user whose own
 * uploads they must be (intake ignores any other id).
 */
export const TaskRectified = defineEvent(
  'dispatch.task.rectified',
  1,
  z.object({
    taskId: id,
    caseId: id,
    unitId: id,
    rectifiedBy: id,
    evidence: z.array(id).max(20),
    rectifiedAt: instant,
  }),
);

/** A reminder at a fraction of a deadline's window (for example at 50 % and 80 %). */
export const TaskReminderDue = defineEvent(
  'dispatch.task.reminder-due',
  1,
  z.object({
    taskId: id,
    caseId: id,
    reference,
    unitId: id,
    deadline: deadlineKindSchema,
    fraction: z.number().gt(0).lt(1),
    dueAt: instant,
  }),
);

export const TaskRectifyBreached = defineEvent(
  'dispatch.task.rectify-breached',
  1,
  z.object({ taskId: id, caseId: id, reference, unitId: id, rectifyDueAt: instant, breachedAt: instant }),
);

/** A rung of the escalation ladder reached after a breach. */
export const TaskEscalated = defineEvent(
  'dispatch.task.escalated',
  1,
  z.object({
    taskId: id,
    caseId: id,
    reference,
    unitId: id,
    deadline: deadlineKindSchema,
    level: z.int().min(1).max(10),
    notify: escalationTargetSchema,
    escalatedAt: instant,
  }),
);

export const ExtensionRequested = defineEvent(
  'dispatch.extension.requested',
  1,
  z.object({ extensionId: id, taskId: id, caseId: id, reference, unitId: id, requestedDueAt: instant }),
);

export const ExtensionDecided = defineEvent(
  'dispatch.extension.decided',
  1,
  z.object({
    extensionId: id,
    taskId: id,
    caseId: id,
    reference,
    unitId: id,
    approved: z.boolean(),
    dueAt: instant,
  }),
);

/** A 110-mailbox tip the task force turned into a case (no tipster data: only ids and codes). */
export const TipEscalated = defineEvent(
  'intake.tip.escalated',
  1,
  z.object({
    tipId: id,
    reference,
    schoolId: id.nullable(),
    category: categorySchema,
    severity: severitySchema,
    lifeSafety: z.boolean(),
    escalatedAt: instant,
  }),
);

/** A tip or report matched a life-safety term: the task force and supervisors are alerted at once. */
export const LifeSafetyFlagged = defineEvent(
  'intake.life-safety.flagged',
  1,
  z.object({
    source: z.enum(['report', 'tip']),
    sourceId: id,
    reference,
    flaggedAt: instant,
  }),
);

/** An inspection finding that needs departments: dispatch opens a case of source `inspection`. */
export const InspectionFindingRaised = defineEvent(
  'grading.inspection.finding-raised',
  1,
  z.object({
    inspectionId: id,
    findingIndex: z.int().min(0),
    schoolId: id,
    category: categorySchema,
    severity: severitySchema,
    raisedAt: instant,
  }),
);

/**
 * An inspection was recorded. Published for every inspection, so intake learns which attachments
 * (the inspector's own uploads) belong to it and to which school.
 */
export const InspectionRecorded = defineEvent(
  'grading.inspection.recorded',
  1,
  z.object({
    inspectionId: id,
    schoolId: id,
    inspectorId: id,
    attachmentIds: z.array(id).max(120),
    recordedAt: instant,
  }),
);

/** A school's term checklist was written; as for inspections, intake links the writer's own uploads in it. */
export const ChecklistUpdated = defineEvent(
  'grading.checklist.updated',
  1,
  z.object({
    schoolId: id,
    term: z.string().regex(/^\d{4}-(spring|autumn)$/),
    updatedBy: id,
    attachmentIds: z.array(id).max(120),
    updatedAt: instant,
  }),
);

export const SchoolGraded = defineEvent(
  'grading.school.graded',
  1,
  z.object({
    schoolId: id,
    quarter,
    tier: tierSchema,
    previousTier: tierSchema.nullable(),
    score: z.number(),
    publishedAt: instant,
  }),
);

/** Published with `grading.school.graded` when a school's tier fell: dispatch opens a supervision case. */
export const SchoolDowngraded = defineEvent(
  'grading.school.downgraded',
  1,
  z.object({
    schoolId: id,
    quarter,
    fromTier: tierSchema,
    toTier: tierSchema,
    publishedAt: instant,
  }),
);

/**
 * A deadline reached a year the county calendar does not hold: it was counted in calendar time,
 * and administrators are told, once per year, to load that year.
 */
export const CalendarYearMissing = defineEvent(
  'dispatch.calendar.year-missing',
  1,
  z.object({ year: z.int().min(1900).max(9999), noticedAt: instant }),
);

/** The most tasks a digest names; the counts cover them all. */
export const DIGEST_MAX_TASKS = 20;

/**
 * A unit's open tasks at the day's digest time (county date `day`): how many are open and overdue,
 * and the most pressing by reference (overdue first, then the nearest deadline).
 */
export const UnitDigestMade = defineEvent(
  'dispatch.unit.digest-made',
  1,
  z.object({
    unitId: id,
    day: z.iso.date(),
    open: z.int().min(1),
    overdue: z.int().min(0),
    tasks: z
      .array(
        z.object({
          taskId: id,
          caseId: id,
          reference,
          role: taskRoleSchema,
          deadline: deadlineKindSchema,
          dueAt: instant.nullable(),
          overdue: z.boolean(),
        }),
      )
      .min(1)
      .max(DIGEST_MAX_TASKS),
  }),
);

export const EVENT_CONTRACTS: readonly EventContract[] = [
  OrganisationRegistered,
  OrganisationChanged,
  UserRegistered,
  WhistleReportSubmitted,
  CaseStatusChangedV1,
  CaseStatusChanged,
  CaseClosed,
  CaseAnonymised,
  TaskAssigned,
  TaskAcknowledged,
  TaskAckBreached,
  CaseOpenedV1,
  CaseOpened,
  TaskReminderDue,
  TaskRectified,
  TaskRectifyBreached,
  TaskEscalated,
  ExtensionRequested,
  ExtensionDecided,
  TipEscalated,
  LifeSafetyFlagged,
  InspectionFindingRaised,
  InspectionRecorded,
  ChecklistUpdated,
  SchoolGraded,
  SchoolDowngraded,
  CalendarYearMissing,
  UnitDigestMade,
];
