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
  caseStatusChangedV1.extend({ sequence: z.int().min(1) }),
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
  CaseStatusChangedV1,
  CaseStatusChanged,
  TaskAssigned,
  TaskAcknowledged,
  TaskAckBreached,
];
