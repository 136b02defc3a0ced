import { Duration } from 'luxon';
import { z } from 'zod';
import { newestFirstKey, pageRequestShape } from './paging.js';
import { caseStatusSchema, categorySchema, severitySchema, tierSchema } from './vocabulary.js';

/**
 * Commands and queries that the gateway sends to services by NATS request-reply:
 * `<service>.<entity>.<verb>` patterns and the request each one accepts. The owning service
 * validates; the gateway only forwards, so the rules live in one place.
 */
export const RpcPattern = {
  IntakeSubmitWhistleReport: 'intake.whistle-report.submit',
  IntakeGetWhistleReport: 'intake.whistle-report.get',
  DispatchListCases: 'dispatch.case.list',
  DispatchAssignCase: 'dispatch.case.assign',
  DispatchListTasks: 'dispatch.task.list',
  DispatchAcknowledgeTask: 'dispatch.task.acknowledge',
  DispatchListSlaPolicies: 'dispatch.sla-policy.list',
  DispatchUpdateSlaPolicy: 'dispatch.sla-policy.update',
  NotifyListInbox: 'notify.inbox.list',
  NotifyMarkNotificationRead: 'notify.notification.mark-read',
  GradingRecordInspection: 'grading.inspection.record',
  GradingListInspections: 'grading.inspection.list',
  GradingGetChecklist: 'grading.checklist.get',
  GradingPutChecklist: 'grading.checklist.put',
  GradingGetRubric: 'grading.rubric.get',
  GradingPutRubric: 'grading.rubric.put',
  GradingRunGrading: 'grading.grading.run',
  GradingGetGrading: 'grading.grading.get',
  GradingPublishGrading: 'grading.grading.publish',
  GradingListSchoolGrades: 'grading.school-grade.list',
  GradingFileAppeal: 'grading.appeal.file',
  GradingDecideAppeal: 'grading.appeal.decide',
  GradingGetBulletin: 'grading.bulletin.get',
} as const;

/** Every service answers these; `<service>` is filled in by {@link operationalPattern}. */
export const OperationalVerb = {
  Health: 'health.check',
  ListParkedEvents: 'parked-event.list',
  ReplayParkedEvent: 'parked-event.replay',
  RepublishOutbox: 'outbox.republish',
} as const;

export const operationalPattern = (service: string, verb: (typeof OperationalVerb)[keyof typeof OperationalVerb]) =>
  `${service}.${verb}`;

/** RPC headers (lower-case). */
export const RpcHeader = {
  Authorization: 'authorization',
  CorrelationId: 'x-correlation-id',
  IdempotencyKey: 'idempotency-key',
} as const;

const id = z.uuid({ message: 'must be a UUID' });

const ONE_YEAR_MS = 366 * 24 * 60 * 60 * 1000;

/** A window of time: positive, and at most a year, so that every deadline computed from it is a real date. */
export const isoDuration = z.string().refine((value) => {
  const duration = Duration.fromISO(value);
  return duration.isValid && duration.toMillis() > 0 && duration.toMillis() <= ONE_YEAR_MS;
}, 'must be a positive ISO-8601 duration of at most a year, such as PT2H or P5D');

/** Free text as Postgres can store it: trimmed, bounded, and without NUL characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

export const submitWhistleReportRequest = z.strictObject({
  category: categorySchema,
  severity: severitySchema,
  title: text(200),
  description: text(10_000),
  location: text(500),
});

export const getWhistleReportRequest = z.strictObject({ id });

/** Cases newest first (by the time reported, then id), optionally in one status. */
export const listCasesRequest = z.strictObject({
  status: caseStatusSchema.optional(),
  ...pageRequestShape(newestFirstKey),
});

export const assignCaseRequest = z
  .strictObject({
    caseId: id,
    leadUnitId: id,
    assistingUnitIds: z.array(id).max(20).default([]),
    severity: severitySchema,
  })
  .refine((value) => !value.assistingUnitIds.includes(value.leadUnitId), {
    message: 'the lead unit cannot also be an assisting unit',
    path: ['assistingUnitIds'],
  })
  .refine((value) => new Set(value.assistingUnitIds).size === value.assistingUnitIds.length, {
    message: 'must not repeat a unit',
    path: ['assistingUnitIds'],
  });

export const listTasksRequest = z.strictObject(pageRequestShape(newestFirstKey));
export const acknowledgeTaskRequest = z.strictObject({ taskId: id });
/** Policies from the most to the least severe; the cursor holds the last severity shown. */
export const listSlaPoliciesRequest = z.strictObject(pageRequestShape(z.tuple([severitySchema])));
export const updateSlaPolicyRequest = z.strictObject({
  severity: severitySchema,
  ackWithin: isoDuration,
  rectifyWithin: isoDuration,
});
export const listInboxRequest = z.strictObject(pageRequestShape(newestFirstKey));
export const markNotificationReadRequest = z.strictObject({ notificationId: id });
export const replayParkedEventRequest = z.strictObject({ id });
export const republishOutboxRequest = z.strictObject({ since: z.iso.datetime({ offset: true }) });

// ---- grading ---------------------------------------------------------------------------------

const instantField = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with its offset' });
export const quarterField = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter such as 2026-Q4');
/** A school term such as `2026-autumn` (September–January) or `2026-spring` (February–July). */
export const termField = z.string().regex(/^\d{4}-(spring|autumn)$/, 'must be a term such as 2026-autumn');
const attachmentIds = z.array(id).max(20).optional();

export const inspectionFinding = z.strictObject({
  item: text(200),
  severity: z.enum(['minor', 'major', 'critical']),
  note: text(2000).optional(),
  hazard: z.boolean().default(false),
  /** The finding needs departments: dispatch opens a case of source `inspection`. */
  needsUnits: z.boolean().default(false),
});

export const recordInspectionRequest = z
  .strictObject({
    schoolId: id,
    kind: z.enum(['daily', 'patrol', 'campaign']),
    campaign: text(200).optional(),
    at: instantField,
    findings: z.array(inspectionFinding).max(100),
    attachmentIds,
  })
  .refine((value) => value.kind !== 'campaign' || value.campaign !== undefined, {
    message: 'a campaign inspection names its campaign',
    path: ['campaign'],
  });

export const listInspectionsRequest = z
  .strictObject({
    schoolId: id.optional(),
    from: instantField.optional(),
    to: instantField.optional(),
    ...pageRequestShape(newestFirstKey),
  })
  .refine((value) => !value.from || !value.to || Date.parse(value.from) <= Date.parse(value.to), {
    message: 'must not be before from',
    path: ['to'],
  });

const checklistItem = z.strictObject({ done: z.boolean(), note: text(2000).optional(), attachmentIds });
/** The school safety checklist of a term: 护学岗, 法治副校长, 一键报警, 安全教育, 消防用电燃气, 演练. */
export const CHECKLIST_ITEMS = [
  'guardPost',
  'legalVicePrincipal',
  'oneKeyAlarm',
  'safetyEducation',
  'fireElectricGas',
  'drills',
] as const;
export const checklistRequest = z.strictObject({ schoolId: id, term: termField });
export const putChecklistRequest = z.strictObject({
  schoolId: id,
  term: termField,
  ...(Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, checklistItem])) as Record<
    (typeof CHECKLIST_ITEMS)[number],
    typeof checklistItem
  >),
});

export const GRADING_INPUT_NAMES = [
  'cases',
  'tasks',
  'ackOnTime',
  'ackBreached',
  'rectifyBreached',
  'confirmedBullying',
  'seriousIncidents',
  'concealedIncidents',
  'minorFindings',
  'majorFindings',
  'criticalFindings',
  'checklistDone',
] as const;
const gradingInput = z.enum(GRADING_INPUT_NAMES);
const slug = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lower-case slug such as ack-on-time');
const weight = z.number().min(0).max(1000);

const criterionMethod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('credit'), input: gradingInput, pointsEach: weight }),
  z.strictObject({ kind: z.literal('share'), bad: gradingInput, total: gradingInput }),
  z.strictObject({
    kind: z.literal('deduct'),
    per: z
      .partialRecord(gradingInput, weight)
      .refine((per) => Object.keys(per).length > 0, 'must deduct for at least one input'),
  }),
]);

export const rubricDefinition = z
  .strictObject({
    criteria: z
      .array(
        z.strictObject({ criterion: slug, label: text(200), max: z.number().gt(0).max(1000), method: criterionMethod }),
      )
      .min(1)
      .max(20),
    thresholds: z.strictObject({ demonstration: z.number().min(0), compliant: z.number().min(0) }),
    vetoes: z
      .array(z.strictObject({ item: slug, label: text(200), input: gradingInput, atLeast: z.int().min(1) }))
      .max(20),
  })
  .refine((value) => new Set(value.criteria.map((c) => c.criterion)).size === value.criteria.length, {
    message: 'must not repeat a criterion',
    path: ['criteria'],
  })
  .refine((value) => new Set(value.vetoes.map((v) => v.item)).size === value.vetoes.length, {
    message: 'must not repeat a veto item',
    path: ['vetoes'],
  })
  .refine((value) => value.thresholds.demonstration > value.thresholds.compliant, {
    message: 'must be above the compliant threshold',
    path: ['thresholds', 'demonstration'],
  })
  .refine((value) => value.thresholds.demonstration <= value.criteria.reduce((sum, c) => sum + c.max, 0), {
    message: 'must be reachable: at most the sum of the criteria maxima',
    path: ['thresholds', 'demonstration'],
  });

/** `version` is `current` or a version number. */
export const getRubricRequest = z.strictObject({
  version: z.union([
    z.literal('current'),
    z
      .string()
      .regex(/^[1-9]\d{0,8}$/, 'must be current or a version number')
      .transform(Number),
  ]),
});
export const putRubricRequest = rubricDefinition;
export const runGradingRequest = z.strictObject({ quarter: quarterField });
export const getGradingRequest = z.strictObject({ quarter: quarterField, ...pageRequestShape(z.tuple([z.uuid()])) });
export const publishGradingRequest = z.strictObject({ quarter: quarterField });
export const listSchoolGradesRequest = z.strictObject({ schoolId: id, ...pageRequestShape(z.tuple([quarterField])) });
export const fileAppealRequest = z.strictObject({ quarter: quarterField, schoolId: id, reason: text(2000) });
export const decideAppealRequest = z
  .strictObject({
    appealId: id,
    decision: z.enum(['uphold', 'amend']),
    tier: tierSchema.optional(),
    reason: text(2000),
  })
  .refine((value) => (value.decision === 'amend') === (value.tier !== undefined), {
    message: 'an amendment names the new tier, and only an amendment does',
    path: ['tier'],
  });
export const getBulletinRequest = z.strictObject({ quarter: quarterField, format: z.enum(['pdf', 'json']) });

/** The body of every failed RPC; the gateway turns it into the HTTP response as is. */
export interface RpcErrorBody {
  status: number;
  error: string;
  message: string;
  /** The offending field, for validation failures. */
  field?: string;
}
