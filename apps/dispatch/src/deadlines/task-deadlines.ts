import type { EntityManager } from 'typeorm';
import type { DeadlineKind } from './deadline.entity.js';

/** A task's deadline to (re)start: its window runs from `startAt` to `dueAt`. */
export interface TaskDeadlineSpec {
  taskId: string;
  kind: DeadlineKind;
  startAt: Date;
  dueAt: Date;
}

/**
 * The one way use cases start or stop a task's deadlines, in the caller's transaction. Scheduling
 * supersedes what the task had of that kind (a reopened or extended deadline starts afresh, and
 * the old one can no longer fire); it returns the due times, for the caller to arm wake-ups after
 * commit.
 */
export async function scheduleTaskDeadlines(
  manager: EntityManager,
  specs: readonly TaskDeadlineSpec[],
): Promise<Date[]> {
  if (specs.length === 0) return [];
  await cancelTaskDeadlines(
    manager,
    specs.map((spec) => spec.taskId),
    [...new Set(specs.map((spec) => spec.kind))],
  );
  await manager.query(
    `INSERT INTO dispatch.deadlines (id, task_id, kind, version, due_at)
     SELECT gen_random_uuid(), s.task_id, s.kind,
            coalesce((SELECT max(d.version) FROM dispatch.deadlines d WHERE d.task_id = s.task_id AND d.kind = s.kind), 0) + 1,
            s.due_at
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS s(task_id, kind, due_at)`,
    [specs.map((s) => s.taskId), specs.map((s) => s.kind), specs.map((s) => s.dueAt)],
  );
  return specs.map((spec) => spec.dueAt);
}

/** Stops the tasks' pending deadlines (of the given kinds, or all): they will never fire. */
export async function cancelTaskDeadlines(
  manager: EntityManager,
  taskIds: readonly string[],
  kinds?: readonly DeadlineKind[],
): Promise<void> {
  if (taskIds.length === 0) return;
  await manager.query(
    `UPDATE dispatch.deadlines SET cancelled_at = now()
      WHERE task_id = ANY($1::uuid[]) AND fired_at IS NULL AND cancelled_at IS NULL
        AND ($2::text[] IS NULL OR kind = ANY($2::text[]))`,
    [taskIds, kinds ?? null],
  );
}
