import { z } from 'zod';
import { defineEvent, type EventContract } from './event-contract.js';
import {
  caseStatusSchema,
  categorySchema,
  orgKindSchema,
  roleSchema,
  severitySchema,
  taskRoleSchema,
} from './vocabulary.js';

/*
 * Every event the system publishes. Payloads carry ids and codes only: no names, descriptions or
 * other personal data of minors or tipsters ever travel in an event.
 */
const id = z.uuid();
const instant = z.iso.datetime({ offset: true });

export const OrganisationRegistered = defineEvent(
  'gateway.organisation.registered',
  1,
  z.object({ orgId: id, kind: orgKindSchema, code: z.string().min(1).max(64), name: z.string().min(1).max(200) }),
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
  }),
);

export const CaseStatusChanged = defineEvent(
  'dispatch.case.status-changed',
  1,
  z.object({
    caseId: id,
    schoolId: id,
    from: caseStatusSchema.nullable(),
    to: caseStatusSchema,
    changedAt: instant,
  }),
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

export const EVENT_CONTRACTS: readonly EventContract[] = [
  OrganisationRegistered,
  UserRegistered,
  WhistleReportSubmitted,
  CaseStatusChanged,
  TaskAssigned,
  TaskAcknowledged,
  TaskAckBreached,
];
