import { DIGEST_MAX_TASKS, type PayloadOf, type UnitDigestMade } from '#libs/contracts';

type Digest = PayloadOf<typeof UnitDigestMade>;
export type OpenTask = Digest['tasks'][number] & { unitId: string };

/** Overdue first, then the nearest deadline; a task without one last. */
const pressing = (a: OpenTask, b: OpenTask) =>
  Number(b.overdue) - Number(a.overdue) || (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff');

/**
 * One digest per unit that has open tasks (a unit with none is not written to): how many are open
 * and overdue, and the most pressing of them by reference.
 */
export function composeDigests(day: string, openTasks: readonly OpenTask[]): Digest[] {
  const byUnit = new Map<string, OpenTask[]>();
  for (const task of openTasks) byUnit.set(task.unitId, [...(byUnit.get(task.unitId) ?? []), task]);
  return [...byUnit].map(([unitId, tasks]) => ({
    unitId,
    day,
    open: tasks.length,
    overdue: tasks.filter((task) => task.overdue).length,
    tasks: tasks
      .toSorted(pressing)
      .slice(0, DIGEST_MAX_TASKS)
      .map(({ unitId: _unit, ...task }) => task),
  }));
}
