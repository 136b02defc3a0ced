import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { type assignCaseRequest, TaskAssigned, type TaskRole } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import type { DispatchConfig } from '../config.js';
import { DeadlineAlarm } from '../deadlines/deadline-alarm.js';
import { scheduleTaskDeadlines } from '../deadlines/task-deadlines.js';
import { wakeUpsToArm, type WakeUpPlanOptions } from '../deadlines/wake-up-plan.js';
import { dueAt } from '../sla-policies/deadline-math.js';
import { SlaPolicy } from '../sla-policies/sla-policy.entity.js';
import { Task, taskView } from '../tasks/task.entity.js';
import { Unit } from '../units/unit.entity.js';
import { CaseTransitions } from './case-transitions.js';
import { Case } from './case.entity.js';

export type AssignCase = z.infer<typeof assignCaseRequest>;

/**
 * The task force assigns a case to a lead unit and assisting units. Each unit gets a task with an
 * acknowledgement deadline from the SLA policy; case, tasks, deadlines and events commit together,
 * and only then are the Redis wake-ups armed.
 */
@Injectable()
export class AssignCaseUseCase {
  private readonly wakeUpPlan: WakeUpPlanOptions;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly outbox: Outbox,
    private readonly alarm: DeadlineAlarm,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {
    this.wakeUpPlan = { slotMs: config.DEADLINE_SLOT_MS, horizonMs: config.DEADLINE_HORIZON_MS };
  }

  async execute(actor: Actor, input: AssignCase) {
    const { kase, tasks, dueTimes } = await this.dataSource.transaction(async (manager) => {
      const kase = await manager.findOne(Case, { where: { id: input.caseId }, lock: { mode: 'pessimistic_write' } });
      if (!kase) throw AppError.notFound('case');
      const unitIds = [input.leadUnitId, ...input.assistingUnitIds];
      const known = new Set(
        (await manager.findBy(Unit, { id: In(unitIds), kind: 'department' })).map((unit) => unit.id),
      );
      if (!known.has(input.leadUnitId)) throw AppError.badRequest('leadUnitId: no such department', 'leadUnitId');
      const unknown = input.assistingUnitIds.findIndex((id) => !known.has(id));
      if (unknown >= 0) {
        throw AppError.badRequest(`assistingUnitIds.${unknown}: no such department`, `assistingUnitIds.${unknown}`);
      }
      const policy = await manager.findOneByOrFail(SlaPolicy, { severity: input.severity });

      kase.severity = input.severity;
      await manager.update(Case, { id: kase.id }, { severity: input.severity });
      const userActor = { kind: 'user' as const, id: actor.userId };
      await this.transitions.apply(manager, kase, 'assign', userActor);

      const now = new Date();
      const ackDueAt = dueAt(now, policy.ackWithin, this.config.COUNTY_TIMEZONE);
      const roles: Array<[string, TaskRole]> = [
        [input.leadUnitId, 'lead'],
        ...input.assistingUnitIds.map((id): [string, TaskRole] => [id, 'assisting']),
      ];
      const tasks = roles.map(([unitId, role]) =>
        manager.create(Task, {
          id: randomUUID(),
          caseId: kase.id,
          unitId,
          role,
          status: 'ASSIGNED',
          ackDueAt,
          acknowledgedAt: null,
          acknowledgedBy: null,
          createdAt: now,
        }),
      );
      await manager.insert(Task, tasks);
      const dueTimes = await scheduleTaskDeadlines(
        manager,
        tasks.map((task) => ({ taskId: task.id, kind: 'ack' as const, startAt: now, dueAt: ackDueAt })),
      );
      for (const task of tasks) {
        await this.outbox.append(
          manager,
          TaskAssigned,
          {
            taskId: task.id,
            caseId: kase.id,
            reference: kase.reference,
            unitId: task.unitId,
            role: task.role,
            ackDueAt: ackDueAt.toISOString(),
          },
          { actor: userActor },
        );
      }
      return { kase, tasks, dueTimes };
    });
    // Bounded and never throws: with Redis away the wake-ups go to in-process timers.
    await this.alarm.arm(
      wakeUpsToArm(
        dueTimes.map((due) => due.getTime()),
        Date.now(),
        this.wakeUpPlan,
      ),
    );
    return {
      id: kase.id,
      reference: kase.reference,
      status: kase.status,
      severity: kase.severity,
      tasks: tasks.map(taskView),
    };
  }
}
