import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { TaskAcknowledged } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { CaseTransitions } from '../cases/case-transitions.js';
import { Case } from '../cases/case.entity.js';
import { FireDeadlinesUseCase } from '../deadlines/fire-deadlines.use-case.js';
import { cancelTaskDeadlines } from '../deadlines/task-deadlines.js';
import { Task, taskView } from './task.entity.js';

/**
 * A department "reports for duty". In the same transaction, its acknowledgement deadline is
 * fired if it was already due by the database's clock (a late acknowledgement is still a
 * breach, whether or not a wake-up got there first) and cancelled otherwise, so a wake-up that
 * arrives afterwards finds nothing to fire. When the lead unit acknowledges, the case moves to
 * ACKNOWLEDGED.
 */
@Injectable()
export class AcknowledgeTaskUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly outbox: Outbox,
    private readonly deadlines: FireDeadlinesUseCase,
  ) {}

  async execute(actor: Actor, taskId: string) {
    const task = await this.dataSource.transaction(async (manager) => {
      const task = await manager.findOne(Task, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      // Another unit's task is reported as missing, so task ids leak nothing.
      if (!task || task.unitId !== actor.orgId) throw AppError.notFound('task');
      if (task.status !== 'ASSIGNED') throw AppError.conflict('this task has already been acknowledged');
      const now = new Date();
      task.status = 'ACKNOWLEDGED';
      task.acknowledgedAt = now;
      task.acknowledgedBy = actor.userId;
      await manager.update(
        Task,
        { id: task.id },
        { status: task.status, acknowledgedAt: now, acknowledgedBy: actor.userId },
      );
      await this.deadlines.fireDueOfTask(manager, task.id);
      await cancelTaskDeadlines(manager, [task.id], ['ack']);
      const userActor = { kind: 'user' as const, id: actor.userId };
      await this.outbox.append(
        manager,
        TaskAcknowledged,
        { taskId: task.id, caseId: task.caseId, unitId: task.unitId, acknowledgedAt: now.toISOString() },
        { actor: userActor },
      );
      if (task.role === 'lead') {
        const kase = await manager.findOne(Case, { where: { id: task.caseId }, lock: { mode: 'pessimistic_write' } });
        if (kase?.status === 'ASSIGNED') await this.transitions.apply(manager, kase, 'acknowledge', userActor);
      }
      return task;
    });
    // Nothing to disarm: a wake-up serves a whole slot and finds this deadline no longer pending.
    return taskView(task);
  }
}
