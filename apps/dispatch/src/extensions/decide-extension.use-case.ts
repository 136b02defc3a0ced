import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { type DeadlineKind, type decideExtensionRequest, ExtensionDecided } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { updateTaskDueTimes } from '../calendars/recompute-deadlines.js';
import type { DispatchConfig } from '../config.js';
import { DeadlineAlarm } from '../deadlines/deadline-alarm.js';
import { scheduleTaskDeadlines } from '../deadlines/task-deadlines.js';
import { wakeUpsToArm } from '../deadlines/wake-up-plan.js';
import { currentDeadline } from './current-deadline.js';
import { FINISHED_TASK_STATUSES } from './request-extension.use-case.js';

export type DecideExtension = z.infer<typeof decideExtensionRequest>;

interface ExtensionRow {
  id: string;
  task_id: string;
  case_id: string;
  unit_id: string;
  kind: DeadlineKind;
  requested_due_at: Date;
  status: string;
  reference: string;
  task_status: string;
}

/**
 * The task force approves or refuses an extension. Approved, the requested time becomes the
 * deadline through `scheduleTaskDeadlines`: the old steps are cancelled in the same transaction, so
 * none of them can fire any more, and a new set of reminders, breach and ladder starts.
 */
@Injectable()
export class DecideExtensionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly alarm: DeadlineAlarm,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async execute(actor: Actor, input: DecideExtension) {
    const { result, dueTimes } = await this.dataSource.transaction(async (manager) => {
      const [extension] = await manager.query<Array<ExtensionRow | undefined>>(
        `SELECT e.id, e.task_id, e.case_id, e.unit_id, e.kind, e.requested_due_at, e.status, c.reference,
                t.status AS task_status
           FROM dispatch.extensions e
           JOIN dispatch.tasks t ON t.id = e.task_id
           JOIN dispatch.cases c ON c.id = e.case_id
          WHERE e.id = $1 FOR UPDATE OF e, t`,
        [input.extensionId],
      );
      if (!extension) throw AppError.notFound('extension');
      if (extension.status !== 'pending') throw AppError.conflict('this extension has already been decided');
      const deadline = await currentDeadline(manager, extension.task_id);
      const running = deadline?.kind === extension.kind && !FINISHED_TASK_STATUSES.has(extension.task_status);
      if (input.approve && !running)
        throw AppError.conflict('the task has moved past the deadline this extension was for');
      let dueTimes: Date[] = [];
      let dueAt = deadline?.dueAt ?? extension.requested_due_at;
      if (input.approve && deadline) {
        dueAt = extension.requested_due_at;
        const spec = {
          taskId: extension.task_id,
          kind: extension.kind,
          startAt: new Date(),
          dueAt,
          clock: deadline.clock,
          within: null,
          calendarMissing: false,
        };
        dueTimes = await scheduleTaskDeadlines(manager, [spec]);
        await updateTaskDueTimes(manager, [spec]);
      }
      const status = input.approve ? 'approved' : 'refused';
      await manager.query(
        `UPDATE dispatch.extensions SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4 WHERE id = $1`,
        [extension.id, status, actor.userId, input.reason],
      );
      const [{ n: unitExtensions }] = await manager.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM dispatch.extensions WHERE unit_id = $1 AND status = 'approved'`,
        [extension.unit_id],
      );
      await this.outbox.append(
        manager,
        ExtensionDecided,
        {
          extensionId: extension.id,
          taskId: extension.task_id,
          caseId: extension.case_id,
          reference: extension.reference,
          unitId: extension.unit_id,
          approved: input.approve,
          dueAt: dueAt.toISOString(),
        },
        { actor: { kind: 'user', id: actor.userId } },
      );
      const result = {
        id: extension.id,
        status,
        taskId: extension.task_id,
        deadline: extension.kind,
        dueAt: dueAt.toISOString(),
        /** Extensions approved for this unit so far, this one included. */
        unitExtensions,
      };
      return { result, dueTimes };
    });
    // Bounded and never throws: with Redis away the wake-ups go to in-process timers.
    await this.alarm.arm(
      wakeUpsToArm(
        dueTimes.map((due) => due.getTime()),
        Date.now(),
        { slotMs: this.config.DEADLINE_SLOT_MS, horizonMs: this.config.DEADLINE_HORIZON_MS },
      ),
    );
    return result;
  }
}
