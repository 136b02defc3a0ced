import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { Actor } from '#libs/auth';
import { TaskAcknowledged } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { CaseTransitions } from '../cases/case-transitions.js';
import { Case } from '../cases/case.entity.js';
import { DeadlineAlarm } from '../deadlines/deadline-alarm.js';
import { Deadline } from '../deadlines/deadline.entity.js';
import { Task, taskView } from './task.entity.js';

/**
 * A department "reports for duty". Its acknowledgement deadline is cancelled in the same
 * transaction, so a wake-up that arrives afterwards finds nothing to fire. When the lead
 * unit acknowledges, the case moves to ACKNOWLEDGED.
 */
@Injectable()
export class AcknowledgeTaskUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly outbox: Outbox,
    private readonly alarm: DeadlineAlarm,
  ) {}

  async execute(actor: Actor, taskId: string) {
    const { task, cancelled } = await this.dataSource.transaction(async (manager) => {
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
      const cancelled = await manager.findBy(Deadline, {
        taskId: task.id,
        kind: 'ack',
        firedAt: IsNull(),
        cancelledAt: IsNull(),
      });
      await manager.update(
        Deadline,
        { taskId: task.id, kind: 'ack', firedAt: IsNull(), cancelledAt: IsNull() },
        { cancelledAt: now },
      );
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
      return { task, cancelled };
    });
    for (const deadline of cancelled) await this.alarm.disarmQuietly(deadline);
    return taskView(task);
  }
}
