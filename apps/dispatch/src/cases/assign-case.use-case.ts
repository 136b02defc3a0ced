import { randomUUID } from 'node:crypto';
import type { Actor } from '#libs/auth';
import { type Severity, TaskAssigned } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { planAssignment } from '../domain/assignment-plan.js';
import { assertAssignable } from '../domain/unit-choice.js';
import { commit } from '../domain/commit.js';
import type { UnitOfWork } from '../domain/ports.js';
import { Task } from '../domain/task.js';
import { taskView } from '../tasks/task-view.js';
import { userStep } from './case-commands.js';

export interface AssignCase {
  caseId: string;
  leadUnitId: string;
  assistingUnitIds: string[];
  severity: Severity;
}

/**
 * The task force assigns a case to a lead unit and assisting units, departments still in service (a
 * retired one is a 400 naming it). Each new unit gets a task with
 * an acknowledgement and a rectification deadline from the SLA policy; a unit already on the case
 * keeps its task. Case, tasks, deadlines and events commit together; the wake-ups are armed after.
 */
export class AssignCaseUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  execute(actor: Actor, input: AssignCase) {
    return this.uow.run(async (ports) => {
      const kase = await ports.cases.get(input.caseId);
      if (!kase) throw AppError.notFound('case');
      const departments = await ports.units.departments([input.leadUnitId, ...input.assistingUnitIds]);
      assertAssignable(departments, input.leadUnitId, input.assistingUnitIds);
      kase.assertCanAssign();

      const now = ports.clock.now();
      kase.assign(input.severity, userStep(actor), now);
      const { ackDueAt, rectifyDueAt } = await ports.deadlinePolicy.taskDeadlines(
        input.severity,
        kase.state.category,
        now,
      );
      const existing = await ports.tasks.ofCase(kase.id);
      const plan = planAssignment(existing, input.leadUnitId, input.assistingUnitIds);
      for (const { task, role } of plan.keep) task.changeRole(role);
      for (const task of plan.supersede) task.supersede();
      const created = plan.create.map(({ unitId, role }) =>
        Task.assign({ id: randomUUID(), caseId: kase.id, unitId, role, at: now, ackDueAt, rectifyDueAt }),
      );
      await commit(ports, kase, [...existing, ...created]);
      for (const task of created) {
        await ports.events.append(
          TaskAssigned,
          {
            taskId: task.id,
            caseId: kase.id,
            reference: kase.state.reference,
            unitId: task.state.unitId,
            role: task.state.role,
            ackDueAt: ackDueAt.toISOString(),
          },
          { actor: userStep(actor) },
        );
      }
      const current = [...plan.keep.map(({ task }) => task), ...created].sort(
        (a, b) => Number(b.state.role === 'lead') - Number(a.state.role === 'lead'),
      );
      return {
        id: kase.id,
        reference: kase.state.reference,
        status: kase.status,
        severity: kase.state.severity,
        tasks: current.map((task) => taskView(task.state)),
      };
    });
  }
}
