import { Duration } from 'luxon';
import { z } from 'zod';
import { newestFirstKey, pageRequestShape } from './paging.js';
import { caseStatusSchema, categorySchema, severitySchema } from './vocabulary.js';

/**
 * Commands and queries that the gateway sends to services by NATS request-reply:
 * `<service>.<entity>.<verb>` patterns and the request each one accepts. The owning service
 * validates; the gateway only forwards, so the rules live in one place.
 */
export const RpcPattern = {
  IntakeSubmitWhistleReport: 'intake.whistle-report.submit',
  IntakeGetWhistleReport: 'intake.whistle-report.get',
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
  DispatchListSlaPolicies: 'dispatch.sla-policy.list',
  DispatchUpdateSlaPolicy: 'dispatch.sla-policy.update',
  NotifyListInbox: 'notify.inbox.list',
  NotifyMarkNotificationRead: 'notify.notification.mark-read',
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
export const listDuplicatesRequest = z.strictObject({ caseId: id });
export const dismissDuplicateRequest = z
  .strictObject({ caseId: id, otherId: id })
  .refine((value) => value.caseId !== value.otherId, { message: 'cannot be the case itself', path: ['otherId'] });

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

/** The body of every failed RPC; the gateway turns it into the HTTP response as is. */
export interface RpcErrorBody {
  status: number;
  error: string;
  message: string;
  /** The offending field, for validation failures. */
  field?: string;
}
