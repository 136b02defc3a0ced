import { z } from 'zod';
import {
  caseSourceSchema,
  caseStatusSchema,
  categorySchema,
  DELIVERY_CHANNELS,
  escalationTargetSchema,
  LANGUAGES,
  NOTIFICATION_KINDS,
  orgKindSchema,
  riskLevelSchema,
  roleSchema,
  severitySchema,
  taskRoleSchema,
  tierSchema,
  WEBHOOK_KINDS,
} from '../vocabulary.js';
import { rubricDefinition } from '../rpc.js';

/*
 * The answers of the routes, as JSON: what the use cases return (checked against them by the type of
 * each `@OnRoute` handler). Times are ISO-8601 text.
 */

export const uuid = z.uuid();
export const instant = z.string().describe('an ISO-8601 instant');
const nullable = <S extends z.ZodType>(schema: S) => schema.nullable();

/** `{items, nextCursor}`: one page of a keyset-paged list. */
export const pageView = <S extends z.ZodType>(item: S) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const idAnswer = z.object({ id: uuid });

// ---- intake ----------------------------------------------------------------------------------

export const threadMessageView = z.object({
  id: uuid,
  from: z.enum(['you', 'staff', 'school', 'tipster']),
  text: z.string(),
  attachmentIds: z.array(uuid),
  at: instant,
});

export const submittedReportView = z.object({ id: uuid, reference: z.string(), status: z.literal('REPORTED') });

/** A line of the list of reports: no texts beyond the title (description and people are read one by one). */
export const whistleReportSummaryView = z.object({
  id: uuid,
  reference: z.string(),
  schoolId: uuid,
  title: z.string(),
  category: categorySchema,
  severity: severitySchema,
  status: caseStatusSchema,
  lifeSafety: z.boolean(),
  submittedAt: instant,
});

export const whistleReportView = z.object({
  id: uuid,
  reference: z.string(),
  schoolId: uuid,
  category: categorySchema,
  subcategory: nullable(z.string()),
  severity: severitySchema,
  title: z.string(),
  description: z.string(),
  location: z.string(),
  coordinates: nullable(z.object({ lat: z.number(), lng: z.number() })),
  occurredAt: nullable(instant),
  peopleInvolved: z.array(z.unknown()),
  attachmentIds: z.array(uuid),
  lifeSafety: z.boolean(),
  submittedAt: instant,
  status: caseStatusSchema,
  timeline: z.array(z.object({ status: z.string(), command: nullable(z.string()), at: instant })),
  messages: z.array(threadMessageView),
  /** When the retention sweep removed its personal texts and files (null: kept). */
  anonymisedAt: nullable(instant),
});

const label = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export const taxonomyView = z.object({
  categories: z.array(label.extend({ code: categorySchema, subcategories: z.array(label) })),
});

export const tipStatusSchema = z.enum(['received', 'escalated', 'false', 'prank', 'spam', 'duplicate']);
export const tipReceiptView = z.object({ trackingCode: z.string(), secret: z.string() });
export const tipsterThreadView = z.object({
  status: tipStatusSchema,
  statusText: z.object({ zh: z.string(), en: z.string() }),
  messages: z.array(z.object({ from: z.string(), text: z.string(), attachmentIds: z.array(uuid), at: instant })),
});
export const tipSummaryView = z.object({
  id: uuid,
  reference: z.string(),
  status: tipStatusSchema,
  schoolId: nullable(uuid),
  category: nullable(categorySchema),
  lifeSafety: z.boolean(),
  caseStatus: nullable(caseStatusSchema),
  submittedAt: instant,
});
export const tipView = tipSummaryView.extend({
  schoolName: nullable(z.string()),
  what: nullable(z.string()),
  when: nullable(z.string()),
  where: nullable(z.string()),
  who: nullable(z.string()),
  contact: nullable(z.string()),
  triage: nullable(
    z.object({ reason: nullable(z.string()), duplicateOf: nullable(uuid), by: nullable(uuid), at: instant }),
  ),
  messages: z.array(threadMessageView),
  /** When the retention sweep removed its personal texts and files (null: kept). */
  anonymisedAt: nullable(instant),
});
export const triagedTipView = z.object({ id: uuid, reference: z.string(), status: tipStatusSchema });
export const lifeSafetyTermsView = z.object({ terms: z.array(z.string()) });
export const registeredAttachmentView = z.object({
  id: uuid,
  contentType: z.string(),
  size: z.int(),
  sha256: z.string(),
});
export const openedAttachmentView = z.object({
  id: uuid,
  contentType: z.string(),
  size: z.int(),
  extension: z.string(),
});
export const duplicateCandidateView = z.object({
  caseId: uuid,
  source: z.enum(['report', 'tip']),
  score: z.number(),
  reasons: z.array(z.string()),
});
export const dismissedDuplicateView = z.object({ caseId: uuid, otherId: uuid, dismissed: z.boolean() });

// ---- dispatch --------------------------------------------------------------------------------

export const taskStatusSchema = z.enum([
  'ASSIGNED',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'FEEDBACK_GIVEN',
  'RECTIFIED',
  'DECLINED',
  'SUPERSEDED',
]);

export const caseSummaryView = z.object({
  id: uuid,
  reference: z.string(),
  source: caseSourceSchema,
  schoolId: nullable(uuid),
  category: categorySchema,
  severity: severitySchema,
  status: caseStatusSchema,
  disputed: z.boolean(),
  mergedInto: nullable(uuid),
  reportedAt: instant,
  updatedAt: instant,
});

/** A case after a command: its state, without its tasks and timeline. */
export const caseStateView = z.object({
  id: uuid,
  reference: z.string(),
  source: caseSourceSchema,
  status: caseStatusSchema,
  category: categorySchema,
  subcategory: nullable(z.string()),
  severity: severitySchema,
  riskLevel: nullable(riskLevelSchema),
  disputed: z.boolean(),
  mergedInto: nullable(uuid),
  autoCloseAt: nullable(instant),
});
export const assessedCaseView = caseStateView.extend({
  /** The routing rule's lead and assisting units for the category, if one matches. */
  proposal: nullable(z.object({ leadUnitId: uuid, assistingUnitIds: z.array(uuid) })),
});

export const taskView = z.object({
  id: uuid,
  caseId: uuid,
  unitId: uuid,
  role: taskRoleSchema,
  status: z.string(),
  ackDueAt: instant,
  rectifyDueAt: nullable(instant),
  acknowledgedAt: nullable(instant),
  feedbackAt: nullable(instant),
  rectifiedAt: nullable(instant),
});

export const caseView = caseStateView.omit({ disputed: true, mergedInto: true, autoCloseAt: true }).extend({
  schoolId: nullable(uuid),
  lifeSafety: z.boolean(),
  disputed: z.boolean(),
  mergedInto: nullable(uuid),
  reportedAt: instant,
  verifiedAt: nullable(instant),
  autoCloseAt: nullable(instant),
  tasks: z.array(
    z.object({
      id: uuid,
      unitId: uuid,
      role: taskRoleSchema,
      status: taskStatusSchema,
      ackDueAt: instant,
      rectifyDueAt: nullable(instant),
      acknowledgedAt: nullable(instant),
      feedbackAt: nullable(instant),
      rectifiedAt: nullable(instant),
      evidence: z.array(uuid),
      calendarMissing: z.boolean(),
      extensions: z.array(
        z.object({
          id: uuid,
          deadline: z.string(),
          reason: z.string(),
          status: z.string(),
          decisionReason: nullable(z.string()),
          requestedDueAt: instant,
          requestedAt: instant,
          decidedAt: nullable(instant),
        }),
      ),
    }),
  ),
  timeline: z.array(
    z.object({
      at: instant,
      actorId: uuid,
      actorRole: nullable(roleSchema),
      command: z.string(),
      from: nullable(caseStatusSchema),
      to: caseStatusSchema,
      reason: nullable(z.string()),
    }),
  ),
});

export const assignedCaseView = z.object({
  id: uuid,
  reference: z.string(),
  status: caseStatusSchema,
  severity: severitySchema,
  tasks: z.array(taskView),
});

export const routingRulesView = z.object({
  items: z.array(
    z.object({
      category: categorySchema,
      subcategory: z.string().optional(),
      leadUnitId: uuid,
      assistingUnitIds: z.array(uuid),
    }),
  ),
  nextCursor: z.null(),
});

const clock = z.enum(['calendar', 'working']);
export const slaPolicyOverrideView = z.object({
  severity: severitySchema,
  category: categorySchema,
  ackWithin: z.string(),
  rectifyWithin: z.string(),
  clock,
  updatedAt: instant,
});
export const slaPolicyView = z.object({
  severity: severitySchema,
  ackWithin: z.string(),
  rectifyWithin: z.string(),
  clock,
  updatedAt: instant,
  categories: z.array(slaPolicyOverrideView.omit({ severity: true })),
});

export const calendarView = z.object({
  year: z.int(),
  offDays: z.array(z.string()),
  workdays: z.array(z.string()),
  source: z.string(),
  updatedAt: instant,
});
export const dueDateView = z.object({ dueAt: instant, calendarMissing: z.boolean() });
export const escalationPolicyView = z.object({
  reminderFractions: z.array(z.number()),
  ladder: z.array(z.object({ level: z.int(), notify: escalationTargetSchema, after: z.string() })),
  updatedAt: instant,
});
export const requestedExtensionView = z.object({ id: uuid, status: z.literal('pending') });
export const decidedExtensionView = z.object({
  id: uuid,
  status: z.string(),
  taskId: uuid,
  deadline: z.enum(['ack', 'rectify']),
  dueAt: instant,
  unitExtensions: z.int(),
});

// ---- grading ---------------------------------------------------------------------------------

const breakdownLine = z.object({
  criterion: z.string(),
  points: z.number(),
  max: z.number(),
  inputs: z.record(z.string(), z.number()),
});
const schoolGradeLine = z.object({
  schoolId: uuid,
  score: z.number(),
  tier: tierSchema,
  previousTier: nullable(tierSchema),
  move: z.enum(['up', 'down', 'same', 'new']),
  breakdown: z.array(breakdownLine),
  /** Why the tier moved: a veto item, or a criterion's points against last quarter's. */
  reasons: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('veto'), item: z.string() }),
        z.object({
          kind: z.literal('criterion'),
          criterion: z.string(),
          points: z.number(),
          previousPoints: z.number().nullable(),
          max: z.number(),
        }),
      ]),
    )
    .optional(),
  vetoed: z.boolean().optional(),
  vetoes: z.array(z.string()).optional(),
  amendment: z.object({ tier: tierSchema, appealId: nullable(uuid), reason: nullable(z.string()) }).optional(),
});
export const gradingView = z.object({
  quarter: z.string(),
  status: z.enum(['draft', 'published']),
  rubricVersion: z.int(),
  draftedAt: instant,
  publishedAt: nullable(instant),
  schools: z.array(schoolGradeLine),
  nextCursor: z.string().nullable(),
});
export const gradingRunView = z.object({
  quarter: z.string(),
  status: z.literal('draft'),
  rubricVersion: z.int(),
  schools: z.int(),
});
export const publishedGradingView = z.object({
  quarter: z.string(),
  status: z.literal('published'),
  rubricVersion: z.int(),
  publishedAt: instant,
  schools: z.int(),
  downgraded: z.int(),
});
export const schoolGradesView = pageView(
  schoolGradeLine.extend({ quarter: z.string(), rubricVersion: z.int(), publishedAt: instant }),
);
export const appealView = z.object({
  id: uuid,
  quarter: z.string(),
  schoolId: uuid,
  reason: z.string(),
  filedAt: instant,
  decision: nullable(z.enum(['uphold', 'amend'])),
  amendedTier: nullable(z.string()),
  decisionReason: nullable(z.string()),
  decidedAt: nullable(instant),
});
/** An appeal on the appeals desk: the appeal, its school, and the published grade it appeals. */
export const appealListItemView = appealView.extend({
  schoolCode: z.string(),
  schoolName: z.string(),
  tier: tierSchema,
  score: z.number(),
});
export const inspectionView = z.object({
  id: uuid,
  schoolId: uuid,
  kind: z.string(),
  campaign: z.string().optional(),
  at: instant,
  findings: z.array(z.unknown()),
  attachmentIds: z.array(uuid),
  inspectorId: uuid,
  createdAt: instant,
});
export const rubricView = z.object({ version: z.int(), definition: rubricDefinition, createdAt: instant });
/** A term's checklist: the six items (each `{done, note?, attachmentIds?}`), how many are done. */
export const checklistView = z
  .object({ schoolId: uuid, term: z.string(), doneCount: z.int(), updatedAt: nullable(instant) })
  .catchall(z.unknown());
const distribution = z.record(tierSchema, z.int());
export const bulletinView = z.object({
  quarter: z.string(),
  publishedAt: instant,
  rubricVersion: z.int(),
  schools: z.int(),
  distribution,
  moves: z.array(
    z.object({
      schoolId: uuid,
      code: z.string(),
      name: z.string(),
      move: z.enum(['up', 'down']),
      fromTier: tierSchema,
      toTier: tierSchema,
      score: z.number(),
      reasons: z.array(z.object({ kind: z.enum(['veto', 'criterion']), label: z.string() }).catchall(z.unknown())),
    }),
  ),
  keyAttention: z.array(z.object({ schoolId: uuid, code: z.string(), name: z.string(), tier: tierSchema })),
  trend: z.array(z.object({ quarter: z.string(), distribution })),
  amendments: z.array(
    z.object({ schoolId: uuid, code: z.string(), name: z.string(), tier: tierSchema, appealId: uuid }),
  ),
});
/** A file in a JSON reply (NATS replies are JSON); the gateway sends the bytes. */
export const base64File = z.object({ contentType: z.string(), filename: z.string(), base64: z.string() });

// ---- notify ----------------------------------------------------------------------------------

export const notificationView = z
  .object({
    id: uuid,
    kind: z.enum(NOTIFICATION_KINDS),
    caseId: nullable(uuid),
    taskId: nullable(uuid),
    title: z.string(),
    createdAt: instant,
    readAt: nullable(instant),
  })
  .catchall(z.unknown());
export const deliveryView = z.object({
  channel: z.string(),
  status: z.enum(['queued', 'held', 'sent', 'failed', 'read']),
  attempts: z.int(),
  lastError: z.string().optional(),
  at: instant,
});
export const preferencesView = z.object({
  language: z.enum(LANGUAGES),
  email: nullable(z.string()),
  phone: nullable(z.string()),
  channels: z.record(z.enum(NOTIFICATION_KINDS), z.array(z.enum(DELIVERY_CHANNELS))),
  quietHours: nullable(z.object({ from: z.string(), to: z.string() })),
});
export const unitWebhookView = z.object({ unitId: uuid, kind: z.enum(WEBHOOK_KINDS), secretSet: z.boolean() });

// ---- gateway ---------------------------------------------------------------------------------

export const sessionView = z.object({
  accessToken: z.string(),
  tokenType: z.string(),
  expiresIn: z.int(),
  refreshToken: z.string(),
  refreshExpiresIn: z.int(),
  user: z.object({ id: uuid, username: z.string(), role: z.string(), orgId: uuid }),
});
export const userView = z.object({
  id: uuid,
  username: z.string(),
  displayName: nullable(z.string()),
  role: roleSchema,
  orgId: uuid,
  disabled: z.boolean(),
  /** Whether the user signs in with a second factor (TOTP). */
  totpEnabled: z.boolean(),
  createdAt: instant,
});
/** The new secret (base32) and the same as an `otpauth://` URI for a QR code: shown this once only. */
export const totpEnrolmentView = z.object({ secret: z.string(), otpauthUri: z.string() });
export const totpStatusView = z.object({ enabled: z.boolean() });
/** The second factor just turned on (or its codes renewed): the recovery codes, shown this once. */
export const totpEnabledView = z.object({ enabled: z.literal(true), recoveryCodes: z.array(z.string()) });
/** `retiredAt`: when an administrator retired it (no new cases, reports, grades or sign-ins), else null. */
export const organisationView = z.object({
  id: uuid,
  name: z.string(),
  code: z.string(),
  kind: orgKindSchema,
  retiredAt: instant.nullable(),
});
/** What every import row says: `row` counts the file's records with the header as row 1 (as a spreadsheet shows them). */
const importRowShape = {
  row: z.int(),
  status: z.enum(['created', 'exists', 'error']),
  id: uuid.optional(),
  field: z.string().optional(),
  message: z.string().optional(),
};
/** An import's answer: every row's fate, and how many of each. */
const importView = <Row extends z.ZodType>(row: Row) =>
  z.object({ rows: z.array(row), created: z.int(), exists: z.int(), errors: z.int() });
/** One row of an organisations import: `exists` is a row the directory already holds exactly so. */
export const organisationImportRowView = z.object({ ...importRowShape, code: z.string().optional() });
export const organisationImportView = importView(organisationImportRowView);
/**
 * One row of a users import: `exists` is a username the directory already has (left as it is);
 * `password` is a created user's initial password, made by the server and given only in this answer.
 */
export const userImportRowView = z.object({
  ...importRowShape,
  username: z.string().optional(),
  password: z.string().optional(),
});
export const userImportView = importView(userImportRowView);
/** Anonymous callers get `{status: up|down}`; administrators each service's checks. */
export const systemHealthView = z.union([
  z.object({ status: z.enum(['up', 'down']) }),
  z.object({
    status: z.enum(['ok', 'degraded']),
    services: z.record(z.string(), z.object({ service: z.string(), status: z.string() }).catchall(z.unknown())),
  }),
]);
