import { DateTime, Duration } from 'luxon';
import { z } from 'zod';
import { cursorTimestamp, newestFirstKey, pageRequestShape } from './paging.js';
import {
  caseStatusSchema,
  categorySchema,
  DELIVERY_CHANNELS,
  escalationTargetSchema,
  LANGUAGES,
  NOTIFICATION_KINDS,
  riskLevelSchema,
  severitySchema,
  tierSchema,
  WEBHOOK_KINDS,
} from './vocabulary.js';

/**
 * Commands and queries that the gateway sends to services by NATS request-reply:
 * `<service>.<entity>.<verb>` patterns and the request each one accepts. The owning service
 * validates; the gateway only forwards, so the rules live in one place.
 */
export const RpcPattern = {
  IntakeSubmitWhistleReport: 'intake.whistle-report.submit',
  IntakeGetWhistleReport: 'intake.whistle-report.get',
  IntakeListWhistleReports: 'intake.whistle-report.list',
  IntakePostReportMessage: 'intake.whistle-report.post-message',
  IntakeGetTaxonomy: 'intake.taxonomy.get',
  IntakeSubmitTip: 'intake.tip.submit',
  IntakeFollowUpTip: 'intake.tip.follow-up',
  IntakeAddTipsterMessage: 'intake.tip.add-tipster-message',
  IntakeListTips: 'intake.tip.list',
  IntakeGetTip: 'intake.tip.get',
  IntakePostTipMessage: 'intake.tip.post-message',
  IntakeTriageTip: 'intake.tip.triage',
  IntakeGetLifeSafetyTerms: 'intake.life-safety-terms.get',
  IntakeSetLifeSafetyTerms: 'intake.life-safety-terms.set',
  IntakeRegisterAttachment: 'intake.attachment.register',
  IntakeOpenAttachment: 'intake.attachment.open',
  IntakeListDuplicates: 'intake.duplicate.list',
  IntakeDismissDuplicate: 'intake.duplicate.dismiss',
  DispatchListCases: 'dispatch.case.list',
  DispatchAssignCase: 'dispatch.case.assign',
  DispatchListTasks: 'dispatch.task.list',
  DispatchAcknowledgeTask: 'dispatch.task.acknowledge',
  DispatchGetCase: 'dispatch.case.get',
  DispatchScreenCase: 'dispatch.case.screen',
  DispatchAssessCase: 'dispatch.case.assess',
  DispatchVerifyCase: 'dispatch.case.verify',
  DispatchReopenCase: 'dispatch.case.reopen',
  DispatchConfirmCase: 'dispatch.case.confirm',
  DispatchDisputeCase: 'dispatch.case.dispute',
  DispatchMergeCase: 'dispatch.case.merge',
  DispatchReportTaskProgress: 'dispatch.task.progress',
  DispatchGiveTaskFeedback: 'dispatch.task.feedback',
  DispatchRectifyTask: 'dispatch.task.rectify',
  DispatchDeclineTask: 'dispatch.task.decline',
  DispatchListRoutingRules: 'dispatch.routing-rule.list',
  DispatchReplaceRoutingRules: 'dispatch.routing-rule.replace',
  DispatchListSlaPolicies: 'dispatch.sla-policy.list',
  DispatchUpdateSlaPolicy: 'dispatch.sla-policy.update',
  DispatchUpdateSlaPolicyOverride: 'dispatch.sla-policy.update-category',
  DispatchGetCalendar: 'dispatch.calendar.get',
  DispatchUpdateCalendar: 'dispatch.calendar.update',
  DispatchComputeDueDate: 'dispatch.calendar.due-date',
  DispatchGetEscalationPolicy: 'dispatch.escalation-policy.get',
  DispatchUpdateEscalationPolicy: 'dispatch.escalation-policy.update',
  DispatchRequestExtension: 'dispatch.extension.request',
  DispatchDecideExtension: 'dispatch.extension.decide',
  DispatchMakeBiweeklyReview: 'dispatch.biweekly-review.make',
  DispatchGetBiweeklyReview: 'dispatch.biweekly-review.get',
  DispatchListLedger: 'dispatch.ledger.list',
  DispatchExportLedgerPage: 'dispatch.ledger.export-page',
  DispatchUnitStats: 'dispatch.stats.units',
  DispatchOverviewStats: 'dispatch.stats.overview',
  NotifyListInbox: 'notify.inbox.list',
  NotifyMarkNotificationRead: 'notify.notification.mark-read',
  NotifyUnreadCount: 'notify.inbox.unread-count',
  NotifyMarkAllRead: 'notify.inbox.read-all',
  NotifyListDeliveries: 'notify.delivery.list',
  NotifyGetPreferences: 'notify.preferences.get',
  NotifyUpdatePreferences: 'notify.preferences.update',
  NotifySetUnitWebhook: 'notify.unit-webhook.set',
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
  GradingListAppeals: 'grading.appeal.list',
  GradingGetBulletin: 'grading.bulletin.get',
} as const;

/**
 * Calls between services, never routed from HTTP (the gateway forwards only route definitions): each
 * still carries the end user's token, which the answering service checks as for any call.
 */
export const ServiceRpcPattern = {
  IntakeCheckAttachments: 'intake.attachment.check',
  DispatchUnitCommitments: 'dispatch.unit.commitments',
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

const attachmentIds = z
  .array(id)
  .max(20, 'at most 20 attachments')
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an attachment')
  .optional();
const instantInput = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time with its offset' });

/** Where it happened: a place in words (a plain string is read as the address), with coordinates if known. */
export const reportLocation = z.union([
  text(500),
  z.strictObject({
    address: text(500),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  }),
]);

export const PERSON_ROLES = ['student', 'staff', 'outsider'] as const;

export const submitWhistleReportRequest = z.strictObject({
  category: categorySchema,
  /** One of the category's subcategories (GET /api/taxonomy); checked by intake. */
  subcategory: z.string().min(1).max(64).optional(),
  severity: severitySchema,
  title: text(200),
  description: text(10_000),
  location: reportLocation,
  occurredAt: instantInput.optional(),
  peopleInvolved: z
    .array(z.strictObject({ name: text(100), role: z.enum(PERSON_ROLES), grade: text(50).optional() }))
    .max(50, 'at most 50 people')
    .optional(),
  attachmentIds,
});

export const postReportMessageRequest = z.strictObject({ id, text: text(5_000), attachmentIds });

/** Code and secret as the tipster types them; the form is checked loosely, the value by intake. */
const trackingCode = z.string().trim().min(1).max(40);
const trackingSecret = z.string().trim().min(1).max(60);

export const submitTipRequest = z.strictObject({
  what: text(10_000),
  schoolId: id.optional(),
  schoolName: text(200).optional(),
  category: categorySchema.optional(),
  when: text(200).optional(),
  where: text(500).optional(),
  who: text(2_000).optional(),
  contact: text(200).optional(),
});
export const followUpTipRequest = z.strictObject({ trackingCode, secret: trackingSecret });
export const addTipsterMessageRequest = z.strictObject({
  trackingCode,
  secret: trackingSecret,
  text: text(5_000),
  attachmentIds,
});

export const TIP_STATUSES = ['received', 'escalated', 'false', 'prank', 'spam', 'duplicate'] as const;
export const listTipsRequest = z.strictObject({
  status: z.enum(TIP_STATUSES).optional(),
  ...pageRequestShape(newestFirstKey),
});
export const getTipRequest = z.strictObject({ id });
export const postTipMessageRequest = z.strictObject({ id, text: text(5_000) });
export const triageTipRequest = z
  .strictObject({
    id,
    decision: z.enum(['open-case', 'false', 'prank', 'spam', 'duplicate']),
    reason: text(2_000),
    duplicateOf: id.optional(),
    /** For open-case: the case's category and severity (defaults: the tip's category or bullying; high). */
    category: categorySchema.optional(),
    severity: severitySchema.optional(),
  })
  .refine((value) => (value.decision === 'duplicate') === (value.duplicateOf !== undefined), {
    message: 'is required for a duplicate, and only for one',
    path: ['duplicateOf'],
  })
  .refine((value) => value.duplicateOf !== value.id, { message: 'cannot be the tip itself', path: ['duplicateOf'] });

export const getTaxonomyRequest = z.strictObject({});
export const getLifeSafetyTermsRequest = z.strictObject({});
export const setLifeSafetyTermsRequest = z.strictObject({
  terms: z
    .array(text(50))
    .min(1, 'at least one term')
    .max(500, 'at most 500 terms')
    .refine((terms) => new Set(terms.map((t) => t.toLowerCase())).size === terms.length, 'must not repeat a term'),
});

/**
 * A file the gateway has written to the shared attachment store (its name there), for intake to check
 * and keep. Signed-in users send their token; a tipster sends the tracking code and secret.
 */
export const registerAttachmentRequest = z.strictObject({
  upload: z.string().regex(/^upload-[0-9a-f-]{36}$/, 'is not an upload name'),
  trackingCode: trackingCode.optional(),
  secret: trackingSecret.optional(),
});
export const openAttachmentRequest = z.strictObject({ id });

/** What another service attaches files to (intake links them when that service's event arrives). */
export const ATTACHMENT_TARGETS = ['evidence', 'inspection', 'checklist'] as const;
/**
 * Asked by dispatch and grading on behalf of their caller (with the caller's token) before they commit:
 * every id under each field must be the caller's own upload, attached to nothing or to something of
 * this kind already (a checklist written again, a case rectified again). Answers `{}`, or 400 naming
 * the first field at fault.
 */
export const checkAttachmentsRequest = z.strictObject({
  kind: z.enum(ATTACHMENT_TARGETS),
  fields: z.record(z.string().regex(/^[A-Za-z.]{1,64}$/), z.array(id).max(20)),
});
export type AttachmentTarget = (typeof ATTACHMENT_TARGETS)[number];
/**
 * The gateway, for an administrator about to retire a unit: what still ties the unit to the work
 * (`{openTasks, routingRules}`: its tasks on cases not yet ended, the routing rules naming it).
 */
export const unitCommitmentsRequest = z.strictObject({ unitId: id });
export const listDuplicatesRequest = z.strictObject({ caseId: id });
export const dismissDuplicateRequest = z
  .strictObject({ caseId: id, otherId: id })
  .refine((value) => value.caseId !== value.otherId, { message: 'cannot be the case itself', path: ['otherId'] });

export const getWhistleReportRequest = z.strictObject({ id });
/**
 * Whistle reports newest first (by the time submitted, then id). A school sees its own (its school
 * comes from the token: a `schoolId` other than its own is refused); county-wide roles see all.
 */
export const listWhistleReportsRequest = z.strictObject({
  status: caseStatusSchema.optional(),
  schoolId: id.optional(),
  ...pageRequestShape(newestFirstKey),
});

/** A query-string flag: `true` or `false`. */
const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true');

/** Cases newest first (by the time reported, then id), optionally filtered. */
export const listCasesRequest = z.strictObject({
  status: caseStatusSchema.optional(),
  unitId: id.optional(),
  schoolId: id.optional(),
  /** Cases with a task past its acknowledgement or rectification deadline and not yet past that step. */
  overdue: flag.optional(),
  ...pageRequestShape(newestFirstKey),
});

export const getCaseRequest = z.strictObject({ caseId: id });

/** A reason, a note or a summary recorded on a case's timeline. */
const reason = text(2000);

export const SCREEN_DECISIONS = ['forward', 'resolve', 'reject'] as const;
export const screenCaseRequest = z.strictObject({
  caseId: id,
  decision: z.enum(SCREEN_DECISIONS, { message: 'must be forward, resolve or reject' }),
  reason,
});

/** A sub-category code under one of the five action lines, such as `gate-guard`. */
const subcategory = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lower-case code of letters, digits and dashes (at most 64)');

export const assessCaseRequest = z.strictObject({
  caseId: id,
  category: categorySchema,
  subcategory: subcategory.optional(),
  severity: severitySchema,
  riskLevel: riskLevelSchema,
  note: reason.optional(),
});

export const verifyCaseRequest = z.strictObject({ caseId: id, note: reason });
export const reopenCaseRequest = z.strictObject({ caseId: id, reason, rectifyWithin: isoDuration.optional() });
export const confirmCaseRequest = z.strictObject({ caseId: id });
export const disputeCaseRequest = z.strictObject({ caseId: id, reason });
export const mergeCaseRequest = z
  .strictObject({ caseId: id, intoCaseId: id, reason })
  .refine((value) => value.caseId !== value.intoCaseId, {
    message: 'a case cannot be merged into itself',
    path: ['intoCaseId'],
  });

export const taskProgressRequest = z.strictObject({ taskId: id, note: reason });
export const taskFeedbackRequest = z.strictObject({ taskId: id, summary: reason });
export const rectifyTaskRequest = z.strictObject({
  taskId: id,
  summary: reason,
  /** Attachment ids of the evidence (photos, reports); the attachments themselves live in intake. */
  evidence: z
    .array(id)
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an attachment')
    .default([]),
});
export const declineTaskRequest = z.strictObject({ taskId: id, reason });

const routingRule = z
  .strictObject({
    category: categorySchema,
    subcategory: subcategory.optional(),
    leadUnitId: id,
    assistingUnitIds: z.array(id).max(20).default([]),
  })
  .refine((rule) => !rule.assistingUnitIds.includes(rule.leadUnitId), {
    message: 'the lead unit cannot also be an assisting unit',
    path: ['assistingUnitIds'],
  })
  .refine((rule) => new Set(rule.assistingUnitIds).size === rule.assistingUnitIds.length, {
    message: 'must not repeat a unit',
    path: ['assistingUnitIds'],
  });
export type RoutingRule = z.infer<typeof routingRule>;

export const listRoutingRulesRequest = z.strictObject({});
/** The whole set of routing rules, replacing the one before; one rule per category and sub-category. */
export const replaceRoutingRulesRequest = z.strictObject({
  rules: z
    .array(routingRule)
    .max(200)
    .superRefine((rules, context) => {
      const seen = new Set<string>();
      rules.forEach((rule, index) => {
        const key = `${rule.category}/${rule.subcategory ?? ''}`;
        if (seen.has(key)) {
          context.addIssue({ code: 'custom', message: 'repeats a category and sub-category', path: [index] });
        }
        seen.add(key);
      });
    }),
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
/** How a window is counted: a plain duration, or working days and office hours of the county calendar. */
export const clockSchema = z.enum(['calendar', 'working']);
/** Working time counts days and office hours: a month or a year has no meaning there. */
const countableIn = (clock: z.infer<typeof clockSchema> | undefined, window: string) =>
  clock === 'calendar' || !/^P(?:[^T]*[YM])/.test(window);
const windowsCountable = (value: {
  severity: string;
  clock?: 'calendar' | 'working';
  ackWithin: string;
  rectifyWithin: string;
}) => {
  const clock = value.clock ?? (value.severity === 'urgent' ? 'calendar' : 'working');
  return countableIn(clock, value.ackWithin) && countableIn(clock, value.rectifyWithin);
};
const windowsMessage = {
  message: 'a window in working time counts weeks, days, hours, minutes and seconds, not months or years',
  path: ['clock'],
};

/** `clock` left out: urgent counts in calendar time, the others in working time. */
export const updateSlaPolicyRequest = z
  .strictObject({
    severity: severitySchema,
    ackWithin: isoDuration,
    rectifyWithin: isoDuration,
    clock: clockSchema.optional(),
  })
  .refine(windowsCountable, windowsMessage);
/** One category's windows within a severity, overriding the severity's. */
export const updateSlaPolicyOverrideRequest = z
  .strictObject({
    severity: severitySchema,
    category: categorySchema,
    ackWithin: isoDuration,
    rectifyWithin: isoDuration,
    clock: clockSchema.optional(),
  })
  .refine(windowsCountable, windowsMessage);

const calendarYear = z.coerce
  .number({ message: 'must be a year such as 2026' })
  .int('must be a year such as 2026')
  .min(2000, 'must be a year from 2000 to 2100')
  .max(2100, 'must be a year from 2000 to 2100');
/** A day as an ISO date; read as a date, never through a server-local `Date`. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date such as 2026-10-01')
  .refine((value) => DateTime.fromISO(value, { zone: 'utc' }).isValid, 'must be a real date');
export const getCalendarRequest = z.strictObject({ year: calendarYear });
/** The same shape as the calendar that GET answers; `updatedAt`, if sent back, is ignored. */
export const updateCalendarRequest = z
  .strictObject({
    year: calendarYear,
    offDays: z.array(isoDate).max(366),
    workdays: z.array(isoDate).max(366),
    source: text(200).optional(),
    updatedAt: z.string().max(64).optional(),
  })
  .superRefine((value, context) => {
    const seen = new Set<string>();
    for (const list of ['offDays', 'workdays'] as const) {
      value[list].forEach((date, index) => {
        const path = [list, index];
        if (Number(date.slice(0, 4)) !== value.year) {
          context.addIssue({ code: 'custom', message: `must be a date in ${value.year}`, path });
        } else if (seen.has(date)) {
          context.addIssue({ code: 'custom', message: 'must appear once, in offDays or in workdays', path });
        } else if (list === 'workdays' && DateTime.fromISO(date, { zone: 'utc' }).weekday < 6) {
          context.addIssue({ code: 'custom', message: 'must be a Saturday or a Sunday made a working day', path });
        }
        seen.add(date);
      });
    }
  });
export const computeDueDateRequest = z
  .strictObject({
    from: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant such as 2026-10-01T09:00:00+08:00' }),
    within: isoDuration,
    clock: clockSchema.default('working'),
  })
  .refine((value) => countableIn(value.clock, value.within), { ...windowsMessage, path: ['within'] });

/** A duration of zero or more (a ladder step may follow the breach at once), at most a year. */
const isoDurationOrZero = z.string().refine((value) => {
  const duration = Duration.fromISO(value);
  return duration.isValid && duration.toMillis() >= 0 && duration.toMillis() <= ONE_YEAR_MS;
}, 'must be an ISO-8601 duration of zero or more and at most a year, such as PT0S or PT4H');
export const getEscalationPolicyRequest = z.strictObject({});
export const updateEscalationPolicyRequest = z.strictObject({
  reminderFractions: z
    .array(z.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1'))
    .max(5)
    .refine((list) => list.every((f, i) => i === 0 || f > list[i - 1]), 'must be in increasing order'),
  ladder: z
    .array(
      z.strictObject({
        level: z.int().min(1).max(10),
        notify: escalationTargetSchema,
        after: isoDurationOrZero,
      }),
    )
    .max(10)
    .refine((rungs) => rungs.every((rung, i) => rung.level === i + 1), 'levels must be 1, 2, 3… in order')
    .refine(
      (rungs) =>
        rungs.every(
          (rung, i) =>
            i === 0 || Duration.fromISO(rung.after).toMillis() >= Duration.fromISO(rungs[i - 1].after).toMillis(),
        ),
      'each step must come no earlier than the one before',
    ),
});

export const requestExtensionRequest = z.strictObject({
  taskId: id,
  reason: text(2000),
  requestedDueAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant' }),
});
export const decideExtensionRequest = z.strictObject({
  extensionId: id,
  approve: z.boolean({ message: 'must be true or false' }),
  reason: text(2000),
});
/** `?unread=true` keeps unread notifications only; `?kind=` one kind. */
export const listInboxRequest = z.strictObject({
  unread: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
      message: 'must be true or false',
    })
    .optional(),
  kind: z.enum(NOTIFICATION_KINDS, { message: `must be one of ${NOTIFICATION_KINDS.join(', ')}` }).optional(),
  ...pageRequestShape(newestFirstKey),
});
export const unreadCountRequest = z.strictObject({});
export const markAllReadRequest = z.strictObject({});
export const getPreferencesRequest = z.strictObject({});
export const listDeliveriesRequest = z.strictObject({ notificationId: id });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 22:00');
/** Channels per notification kind; the inbox always keeps every notification, so it is implied. */
const channelList = z
  .array(z.enum(DELIVERY_CHANNELS, { message: `must be one of ${DELIVERY_CHANNELS.join(', ')}` }))
  .max(DELIVERY_CHANNELS.length)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a channel');
export const updatePreferencesRequest = z.strictObject({
  language: z.enum(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` }),
  email: z.email({ message: 'must be an email address' }).max(254).nullable().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9]{6,15}$/, 'must be a phone number: digits, optionally after +')
    .nullable()
    .optional(),
  channels: z.partialRecord(z.enum(NOTIFICATION_KINDS), channelList).default({}),
  quietHours: z
    .strictObject({ from: clockTime, to: clockTime })
    .refine((value) => value.from !== value.to, { message: 'must not start and end at the same time', path: ['to'] })
    .nullable(),
});
export const setUnitWebhookRequest = z.strictObject({
  unitId: id,
  kind: z.enum(WEBHOOK_KINDS, { message: `must be one of ${WEBHOOK_KINDS.join(', ')}` }),
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
  secret: z.string().min(1).max(256).optional(),
});
export const markNotificationReadRequest = z.strictObject({ notificationId: id });
export const replayParkedEventRequest = z.strictObject({ id });
export const republishOutboxRequest = z.strictObject({ since: z.iso.datetime({ offset: true }) });

// ---- grading ---------------------------------------------------------------------------------

const instantField = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with its offset' });
export const quarterField = z.string().regex(/^\d{4}-Q[1-4]$/, 'must be a quarter such as 2026-Q4');
/** A school term such as `2026-autumn` (September–January) or `2026-spring` (February–July). */
export const termField = z.string().regex(/^\d{4}-(spring|autumn)$/, 'must be a term such as 2026-autumn');

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
/** An appeal awaits its decision (`pending`) or has one (`decided`: upheld or amended). */
export const APPEAL_STATUSES = ['pending', 'decided'] as const;
/** The appeals desk's order: pending first, then oldest filed first (id as tie-break). */
export const appealsKey = z.tuple([z.boolean(), cursorTimestamp, z.uuid()]);
export const listAppealsRequest = z.strictObject({
  status: z.enum(APPEAL_STATUSES, { message: `must be one of ${APPEAL_STATUSES.join(', ')}` }).optional(),
  quarter: quarterField.optional(),
  ...pageRequestShape(appealsKey),
});
export const getBulletinRequest = z.strictObject({ quarter: quarterField, format: z.enum(['pdf', 'json']) });

/** A fortnight of the biweekly review, by its first day; the service checks that it is on its grid. */
const periodStartField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
export const makeBiweeklyReviewRequest = z.strictObject({ periodStart: periodStartField.optional() });
export const getBiweeklyReviewRequest = z.strictObject({
  periodStart: periodStartField,
  format: z.enum(['json', 'pdf', 'docx']),
});

/** The body of every failed RPC; the gateway turns it into the HTTP response as is. */
export interface RpcErrorBody {
  status: number;
  error: string;
  message: string;
  /** The offending field, for validation failures. */
  field?: string;
}
