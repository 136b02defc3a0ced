import type { TaskRole } from '#libs/contracts';
import type { Task } from './task.js';

export interface AssignmentPlan {
  /** Units that get a new task. */
  create: Array<{ unitId: string; role: TaskRole }>;
  /** Units whose task goes on, in the role given now. */
  keep: Array<{ task: Task; role: TaskRole }>;
  /** Tasks of units the new assignment leaves out. */
  supersede: Task[];
}

/**
 * One task per unit on a case. Assigning again (after a transfer or a reopening) keeps the task of
 * a unit that is still on the case, in its new role; a unit that declined gets a new task if it is
 * named again; a unit no longer named is relieved.
 */
export function planAssignment(
  existing: readonly Task[],
  leadUnitId: string,
  assistingUnitIds: readonly string[],
): AssignmentPlan {
  const wanted = new Map<string, TaskRole>([
    [leadUnitId, 'lead'],
    ...assistingUnitIds.map((unitId): [string, TaskRole] => [unitId, 'assisting']),
  ]);
  const active = new Map(existing.filter((task) => task.active).map((task) => [task.state.unitId, task]));
  const plan: AssignmentPlan = { create: [], keep: [], supersede: [] };
  for (const [unitId, role] of wanted) {
    const task = active.get(unitId);
    if (task) plan.keep.push({ task, role });
    else plan.create.push({ unitId, role });
  }
  for (const [unitId, task] of active) if (!wanted.has(unitId)) plan.supersede.push(task);
  return plan;
}
