import { Duration } from 'luxon';
import { z } from 'zod';
import { newestFirstKey, pageRequestShape } from './paging.js';
import {
  caseStatusSchema,
  categorySchema,
  DELIVERY_CHANNELS,
  LANGUAGES,
  NOTIFICATION_KINDS,
  severitySchema,
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
  DispatchListCases: 'dispatch.case.list',
  DispatchAssignCase: 'dispatch.case.assign',
  DispatchListTasks: 'dispatch.task.list',
  DispatchAcknowledgeTask: 'dispatch.task.acknowledge',
  DispatchListSlaPolicies: 'dispatch.sla-policy.list',
  DispatchUpdateSlaPolicy: 'dispatch.sla-policy.update',
  NotifyListInbox: 'notify.inbox.list',
  NotifyMarkNotificationRead: 'notify.notification.mark-read',
  NotifyUnreadCount: 'notify.inbox.unread-count',
  NotifyMarkAllRead: 'notify.inbox.read-all',
  NotifyListDeliveries: 'notify.delivery.list',
  NotifyGetPreferences: 'notify.preferences.get',
  NotifyUpdatePreferences: 'notify.preferences.update',
  NotifySetUnitWebhook: 'notify.unit-webhook.set',
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

/** The body of every failed RPC; the gateway turns it into the HTTP response as is. */
export interface RpcErrorBody {
  status: number;
  error: string;
  message: string;
  /** The offending field, for validation failures. */
  field?: string;
}
