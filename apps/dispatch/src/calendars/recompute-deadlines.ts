import type { EntityManager } from 'typeorm';
import type { DeadlineKind } from '#libs/contracts';
import { scheduleTaskDeadlines, type TaskDeadlineSpec } from '../deadlines/task-deadlines.js';
import { loadCalendarsAround } from './calendar-store.js';
import { computeDueAt, type WorkingTimeSettings } from './working-time.js';

interface MissingRow {
  task_id: string;
  kind: DeadlineKind;
  start_at: Date;
  within: string;
}

/**
 * After a calendar year is loaded: every open working-time deadline that was counted in calendar
 * time for want of a calendar is counted again, and rescheduled with a fresh set of steps when the
 * calendars it needs are all there now. Returns the new steps' due times, to arm after commit.
 */
export async function recomputeCalendarMissingDeadlines(
  manager: EntityManager,
  settings: WorkingTimeSettings,
): Promise<{ recomputed: number; dueTimes: Date[] }> {
  const rows = await manager.query<MissingRow[]>(
    `SELECT d.task_id, d.kind, d.start_at, d.within FROM dispatch.deadlines d
      WHERE d.calendar_missing AND d.step = 'breach' AND d.clock = 'working' AND d.within IS NOT NULL
        AND d.start_at IS NOT NULL AND d.fired_at IS NULL AND d.cancelled_at IS NULL
      ORDER BY d.task_id, d.kind
      FOR UPDATE`,
  );
  if (rows.length === 0) return { recomputed: 0, dueTimes: [] };
  const calendars = await loadCalendarsAround(
    manager,
    rows.map((row) => row.start_at),
    settings,
  );
  const specs: TaskDeadlineSpec[] = [];
  for (const row of rows) {
    const due = computeDueAt(row.start_at, row.within, 'working', calendars, settings);
    if (due.calendarMissing) continue; // another year is still missing
    specs.push({
      taskId: row.task_id,
      kind: row.kind,
      startAt: row.start_at,
      dueAt: due.dueAt,
      clock: 'working',
      within: row.within,
      calendarMissing: false,
    });
  }
  const dueTimes = await scheduleTaskDeadlines(manager, specs);
  await updateTaskDueTimes(manager, specs);
  await noteOnTimelines(manager, specs);
  return { recomputed: specs.length, dueTimes };
}

/** Each recounted deadline is a line on its case's timeline: the unit's due time moved, and why. */
async function noteOnTimelines(manager: EntityManager, specs: readonly TaskDeadlineSpec[]): Promise<void> {
  if (specs.length === 0) return;
  await manager.query(
    `INSERT INTO dispatch.case_transitions (case_id, from_status, to_status, command, actor_id, actor_role, reason, at)
     SELECT c.id, c.status, c.status, 'recount-deadline', 'dispatch', NULL,
            'calendar loaded: ' || u.kind || ' deadline counted again in working time, due ' || u.due_at, now()
       FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS u(task_id, kind, due_at, n)
       JOIN dispatch.tasks t ON t.id = u.task_id
       JOIN dispatch.cases c ON c.id = t.case_id
      ORDER BY u.n`,
    [specs.map((spec) => spec.taskId), specs.map((spec) => spec.kind), specs.map((spec) => spec.dueAt.toISOString())],
  );
}

/** The task's own copy of its due times (`ack_due_at`, and `rectify_due_at` where the table has it). */
export async function updateTaskDueTimes(manager: EntityManager, specs: readonly TaskDeadlineSpec[]): Promise<void> {
  const columns = new Set(
    (
      await manager.query<Array<{ column_name: string }>>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = 'dispatch' AND table_name = 'tasks'
            AND column_name IN ('ack_due_at', 'rectify_due_at', 'calendar_missing')`,
      )
    ).map((row) => row.column_name),
  );
  for (const spec of specs) {
    const column = `${spec.kind}_due_at`;
    if (!columns.has(column)) continue;
    const flag = columns.has('calendar_missing') && spec.calendarMissing !== undefined;
    await manager.query(
      `UPDATE dispatch.tasks SET ${column} = $2${flag ? ', calendar_missing = $3' : ''} WHERE id = $1`,
      flag ? [spec.taskId, spec.dueAt, spec.calendarMissing] : [spec.taskId, spec.dueAt],
    );
  }
}
