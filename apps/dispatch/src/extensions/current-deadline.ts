import type { EntityManager } from 'typeorm';
import type { DeadlineKind } from '#libs/contracts';
import type { Clock } from '../calendars/working-time.js';

/** A task's deadline that is still running or has breached (not one the task moved past). */
export interface CurrentDeadline {
  kind: DeadlineKind;
  dueAt: Date;
  clock: Clock;
  version: number;
}

/**
 * The deadline an extension moves: the one the unit owes now, i.e. the acknowledgement deadline until
 * the task is acknowledged (acknowledging cancels it), then the rectification deadline; only while it
 * is neither cancelled (the task moved past it) nor superseded.
 */
export async function currentDeadline(manager: EntityManager, taskId: string): Promise<CurrentDeadline | undefined> {
  // The latest version of each kind; a cancelled one is a deadline the task has moved past.
  const rows = await manager.query<
    Array<{ kind: DeadlineKind; due_at: Date; clock: Clock | null; version: number; cancelled_at: Date | null }>
  >(
    `SELECT DISTINCT ON (kind) kind, due_at, clock, version, cancelled_at
       FROM dispatch.deadlines WHERE task_id = $1 AND step = 'breach'
      ORDER BY kind, version DESC`,
    [taskId],
  );
  const open = rows.filter((row) => row.cancelled_at === null);
  const row = open.find((r) => r.kind === 'ack') ?? open.find((r) => r.kind === 'rectify');
  if (!row) return undefined;
  return { kind: row.kind, dueAt: row.due_at, clock: row.clock ?? 'calendar', version: row.version };
}
