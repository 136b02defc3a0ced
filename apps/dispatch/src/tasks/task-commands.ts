import type { Actor } from '#libs/auth';
import { TaskAcknowledged, TaskRectified } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { userStep } from '../cases/case-commands.js';
import type { Case } from '../domain/case.js';
import { commit } from '../domain/commit.js';
import type { DispatchPorts, UnitOfWork } from '../domain/ports.js';
import type { Task } from '../domain/task.js';
import { taskView } from './task-view.js';

/**
 * The unit-level steps: a department reports for duty, reports progress, gives its feedback
 * (assisting) or its rectification (lead), or declines. Each locks the case, then its tasks.
 */
export class TaskCommands {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * A late acknowledgement is still a breach: the deadline already due is fired in the same
   * transaction (whatever a wake-up did), and otherwise stopped.
   */
  acknowledge(actor: Actor, input: { taskId: string }) {
    return this.onTask(actor, input.taskId, async ({ task, kase, ports, tasks }) => {
      const now = ports.clock.now();
      task.acknowledge(actor.userId, now);
      await ports.deadlines.fireDue(task.id);
      if (task.state.role === 'lead') kase.leadAcknowledged(userStep(actor), now);
      else kase.note('acknowledge', userStep(actor), now, null);
      await commit(ports, kase, tasks);
      await ports.events.append(
        TaskAcknowledged,
        { taskId: task.id, caseId: kase.id, unitId: task.state.unitId, acknowledgedAt: now.toISOString() },
        { actor: userStep(actor) },
      );
    });
  }

  progress(actor: Actor, input: { taskId: string; note: string }) {
    return this.onTask(actor, input.taskId, async ({ task, kase, ports, tasks }) => {
      const now = ports.clock.now();
      task.progress(input.note);
      if (task.state.role === 'lead') kase.leadStarted(userStep(actor), now, input.note);
      else kase.note('progress', userStep(actor), now, input.note);
      await commit(ports, kase, tasks);
    });
  }

  feedback(actor: Actor, input: { taskId: string; summary: string }) {
    return this.onTask(actor, input.taskId, async ({ task, kase, ports, tasks }) => {
      const now = ports.clock.now();
      task.feedback(input.summary, now);
      kase.note('feedback', userStep(actor), now, input.summary);
      await commit(ports, kase, tasks);
    });
  }

  /** The lead unit's rectification closes the units' work: only once every assisting unit has reported. */
  rectify(actor: Actor, input: { taskId: string; summary: string; evidence: string[] }) {
    return this.onTask(actor, input.taskId, async ({ task, kase, ports, tasks }) => {
      const now = ports.clock.now();
      task.rectify(input.summary, input.evidence, now);
      const waiting = tasks.filter((t) => t.awaitingFeedback).length;
      if (waiting > 0) {
        throw AppError.conflict(`${waiting} assisting unit(s) have not given their feedback yet; allowed: progress`);
      }
      kase.rectified(userStep(actor), now, input.summary);
      for (const t of tasks) t.caseEnded();
      await commit(ports, kase, tasks);
      // Ids only: intake links the evidence to the case and opens it to those who may see the case.
      await ports.events.append(
        TaskRectified,
        {
          taskId: task.id,
          caseId: kase.id,
          unitId: task.state.unitId,
          rectifiedBy: actor.userId,
          evidence: [...input.evidence],
          rectifiedAt: now.toISOString(),
        },
        { actor: userStep(actor) },
      );
    });
  }

  /** The unit is not the right one: its task ends and the case goes back to the task force. */
  decline(actor: Actor, input: { taskId: string; reason: string }) {
    return this.onTask(actor, input.taskId, async ({ task, kase, ports, tasks }) => {
      const now = ports.clock.now();
      task.decline(input.reason, now);
      kase.transferred(userStep(actor), now, input.reason);
      await commit(ports, kase, tasks);
    });
  }

  private onTask(
    actor: Actor,
    taskId: string,
    decide: (loaded: { task: Task; kase: Case; tasks: Task[]; ports: DispatchPorts }) => Promise<void>,
  ) {
    return this.uow.run(async (ports) => {
      const found = await ports.tasks.peek(taskId);
      // Another unit's task is reported as missing, so task ids leak nothing.
      if (!found || found.unitId !== actor.orgId) throw AppError.notFound('task');
      const kase = await ports.cases.get(found.caseId);
      if (!kase) throw AppError.notFound('task');
      const tasks = await ports.tasks.ofCase(kase.id);
      const task = tasks.find((t) => t.id === taskId)!;
      await decide({ task, kase, tasks, ports });
      return taskView(task.state);
    });
  }
}
