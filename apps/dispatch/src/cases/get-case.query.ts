import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import type { CaseStatus, Role } from '#libs/contracts';
import { AppError } from '#libs/errors';
import type { CaseState } from '../domain/case.js';
import type { TaskState } from '../domain/task.js';
import { TASK_COLUMNS } from './typeorm-unit-of-work.js';

const COUNTY_ROLES: ReadonlySet<Role> = new Set([
  'taskforce_dispatcher',
  'supervisor',
  'bureau_reviewer',
  'administrator',
]);

interface TimelineRow {
  at: Date;
  actorId: string;
  actorRole: Role | null;
  command: string;
  from: CaseStatus | null;
  to: CaseStatus;
  reason: string | null;
}

interface ExtensionRow {
  id: string;
  taskId: string;
  deadline: string;
  reason: string;
  requestedDueAt: Date;
  requestedAt: Date;
  status: string;
  decidedAt: Date | null;
  decisionReason: string | null;
}

/**
 * One case with its tasks and timeline. County-wide roles see it all; the reporting school sees its
 * own report's case; a unit sees a case it has a task on, with its own tasks only. Anyone else is
 * told the case does not exist.
 */
@Injectable()
export class GetCaseQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, caseId: string) {
    const [kase] = await this.dataSource.query<Array<Omit<CaseState, 'sequence'>>>(
      `SELECT id, reference, source, school_id AS "schoolId", category, subcategory, severity, risk_level AS "riskLevel",
              status, disputed, merged_into AS "mergedInto", life_safety AS "lifeSafety", verified_at AS "verifiedAt",
              auto_close_at AS "autoCloseAt", reported_at AS "reportedAt", updated_at AS "updatedAt"
         FROM dispatch.cases WHERE id = $1`,
      [caseId],
    );
    if (!kase) throw AppError.notFound('case');
    const allTasks = await this.dataSource.query<TaskState[]>(
      `SELECT ${TASK_COLUMNS} FROM dispatch.tasks WHERE case_id = $1
        ORDER BY created_at, role = 'lead' DESC, id`,
      [caseId],
    );
    let tasks = allTasks;
    if (!COUNTY_ROLES.has(actor.role)) {
      const isSchool = actor.role === 'school_reporter' && kase.source === 'report' && kase.schoolId === actor.orgId;
      const isUnit =
        (actor.role === 'department_handler' || actor.role === 'department_head') &&
        allTasks.some((task) => task.unitId === actor.orgId);
      if (!isSchool && !isUnit) throw AppError.notFound('case');
      if (isUnit) tasks = allTasks.filter((task) => task.unitId === actor.orgId);
    }
    const taskIds = tasks.map((task) => task.id);
    // A task's deadline counted in calendar time because a year had no calendar (recomputed when it is loaded).
    const calendarMissing = new Set(
      (
        await this.dataSource.query<Array<{ taskId: string }>>(
          `SELECT DISTINCT task_id AS "taskId" FROM dispatch.deadlines
            WHERE task_id = ANY($1::uuid[]) AND calendar_missing AND cancelled_at IS NULL`,
          [taskIds],
        )
      ).map((row) => row.taskId),
    );
    const extensions = await this.dataSource.query<ExtensionRow[]>(
      `SELECT id, task_id AS "taskId", kind AS deadline, reason, requested_due_at AS "requestedDueAt",
              requested_at AS "requestedAt", status, decided_at AS "decidedAt", decision_reason AS "decisionReason"
         FROM dispatch.extensions WHERE task_id = ANY($1::uuid[]) ORDER BY requested_at, id`,
      [taskIds],
    );
    const timeline = await this.dataSource.query<TimelineRow[]>(
      `SELECT at, actor_id AS "actorId", actor_role AS "actorRole", command, from_status AS "from", to_status AS "to", reason
         FROM dispatch.case_transitions WHERE case_id = $1 ORDER BY at, id`,
      [caseId],
    );
    return {
      id: kase.id,
      reference: kase.reference,
      source: kase.source,
      status: kase.status,
      category: kase.category,
      subcategory: kase.subcategory,
      severity: kase.severity,
      riskLevel: kase.riskLevel,
      schoolId: kase.schoolId,
      lifeSafety: kase.lifeSafety,
      disputed: kase.disputed,
      mergedInto: kase.mergedInto,
      reportedAt: kase.reportedAt.toISOString(),
      verifiedAt: kase.verifiedAt?.toISOString() ?? null,
      autoCloseAt: kase.autoCloseAt?.toISOString() ?? null,
      tasks: tasks.map((task) => ({
        id: task.id,
        unitId: task.unitId,
        role: task.role,
        status: task.status,
        ackDueAt: task.ackDueAt.toISOString(),
        rectifyDueAt: task.rectifyDueAt?.toISOString() ?? null,
        acknowledgedAt: task.acknowledgedAt?.toISOString() ?? null,
        feedbackAt: task.feedbackAt?.toISOString() ?? null,
        rectifiedAt: task.rectifiedAt?.toISOString() ?? null,
        evidence: task.evidence,
        calendarMissing: calendarMissing.has(task.id),
        extensions: extensions
          .filter((extension) => extension.taskId === task.id)
          .map(({ taskId: _taskId, requestedDueAt, requestedAt, decidedAt, ...extension }) => ({
            ...extension,
            requestedDueAt: requestedDueAt.toISOString(),
            requestedAt: requestedAt.toISOString(),
            decidedAt: decidedAt?.toISOString() ?? null,
          })),
      })),
      timeline: timeline.map((row) => ({ ...row, at: row.at.toISOString() })),
    };
  }
}
