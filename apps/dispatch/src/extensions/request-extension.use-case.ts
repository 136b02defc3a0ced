import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { ExtensionRequested, type requestExtensionRequest } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { currentDeadline } from './current-deadline.js';

export type RequestExtension = z.infer<typeof requestExtensionRequest>;

/** Statuses after which a task has no deadline left to extend. */
export const FINISHED_TASK_STATUSES = new Set(['DECLINED', 'RECTIFIED', 'DONE', 'CLOSED', 'CANCELLED']);

/**
 * A unit asks for more time on its task's running deadline (the rectification deadline once there is
 * one, else the acknowledgement deadline). One request at a time per task; the task force decides.
 */
@Injectable()
export class RequestExtensionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, input: RequestExtension): Promise<{ id: string; status: 'pending' }> {
    return this.dataSource.transaction(async (manager) => {
      const [task] = await manager.query<
        Array<{ id: string; case_id: string; unit_id: string; status: string; reference: string } | undefined>
      >(
        `SELECT t.id, t.case_id, t.unit_id, t.status, c.reference
           FROM dispatch.tasks t JOIN dispatch.cases c ON c.id = t.case_id
          WHERE t.id = $1 FOR UPDATE OF t`,
        [input.taskId],
      );
      // Another unit's task is reported as missing, so task ids leak nothing.
      if (!task || task.unit_id !== actor.orgId) throw AppError.notFound('task');
      if (FINISHED_TASK_STATUSES.has(task.status)) throw AppError.conflict('this task has no running deadline');
      const deadline = await currentDeadline(manager, task.id);
      if (!deadline) throw AppError.conflict('this task has no running deadline');
      const requestedDueAt = new Date(input.requestedDueAt);
      if (requestedDueAt <= deadline.dueAt || requestedDueAt.getTime() <= Date.now()) {
        throw AppError.badRequest(
          `requestedDueAt: must be later than now and than the current deadline (${deadline.dueAt.toISOString()})`,
          'requestedDueAt',
        );
      }
      const [pending] = await manager.query<unknown[]>(
        `SELECT 1 FROM dispatch.extensions WHERE task_id = $1 AND status = 'pending'`,
        [task.id],
      );
      if (pending) throw AppError.conflict('an extension of this task is already waiting for a decision');
      const id = randomUUID();
      await manager.query(
        `INSERT INTO dispatch.extensions (id, task_id, case_id, unit_id, kind, reason, requested_due_at, requested_by, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')`,
        [id, task.id, task.case_id, task.unit_id, deadline.kind, input.reason, requestedDueAt, actor.userId],
      );
      await this.outbox.append(
        manager,
        ExtensionRequested,
        {
          extensionId: id,
          taskId: task.id,
          caseId: task.case_id,
          reference: task.reference,
          unitId: task.unit_id,
          requestedDueAt: requestedDueAt.toISOString(),
        },
        { actor: { kind: 'user', id: actor.userId } },
      );
      return { id, status: 'pending' as const };
    });
  }
}
