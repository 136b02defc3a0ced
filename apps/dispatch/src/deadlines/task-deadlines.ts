import type { EntityManager } from 'typeorm';
import { loadCalendarsAround, noteCalendarGaps } from '../calendars/calendar-store.js';
import { workingTimeSettings } from '../calendars/working-time-settings.js';
import { type CalendarLookup, type Clock, computeDueAt, type WorkingTimeSettings } from '../calendars/working-time.js';
import { loadEscalationPolicy } from '../escalation-policy/escalation-policy.js';
import type { DeadlineKind } from './deadline.entity.js';
import { type DeadlineStep, planDeadlineSteps } from './deadline-steps.js';

/** A task's deadline to (re)start: its window runs from `startAt` to `dueAt`. */
export interface TaskDeadlineSpec {
  taskId: string;
  kind: DeadlineKind;
  startAt: Date;
  dueAt: Date;
  /** The window's clock; left out, it is the one `dueAt` was computed in from the task's SLA policy. */
  clock?: Clock;
  /** The window as an ISO-8601 duration, so it can be recomputed when a missing calendar year is loaded. */
  within?: string | null;
  /** `dueAt` was counted in calendar time because a year had no calendar. */
  calendarMissing?: boolean;
}

interface TaskPolicy {
  task_id: string;
  clock: Clock;
  ack_within: string;
  rectify_within: string;
}

/**
 * The one way use cases start or stop a task's deadlines, in the caller's transaction. Scheduling
 * supersedes what the task had of that kind (a reopened or extended deadline starts afresh, and
 * the old one can no longer fire) and writes every step of the new one: its reminders, its breach
 * and the escalation ladder after it, per the escalation policy. It returns every step's due time,
 * for the caller to arm wake-ups after commit.
 */
export async function scheduleTaskDeadlines(
  manager: EntityManager,
  specs: readonly TaskDeadlineSpec[],
): Promise<Date[]> {
  if (specs.length === 0) return [];
  const taskIds = specs.map((spec) => spec.taskId);
  await cancelTaskDeadlines(manager, taskIds, [...new Set(specs.map((spec) => spec.kind))]);
  const settings = workingTimeSettings();
  const policy = await loadEscalationPolicy(manager);
  const policies = await policiesOfTasks(manager, taskIds);
  const calendars = await loadCalendarsAround(
    manager,
    specs.flatMap((spec) => [spec.startAt, spec.dueAt]),
    settings,
  );
  const rows: Array<{ spec: Required<TaskDeadlineSpec>; step: DeadlineStep }> = [];
  for (const spec of specs) {
    const window = windowOf(spec, policies.get(spec.taskId), calendars, settings);
    if (window.calendarMissing) await noteCalendarGaps(manager, window.startAt, window.dueAt, settings.zone);
    for (const step of planDeadlineSteps(window, policy, calendars, settings)) rows.push({ spec: window, step });
  }
  await manager.query(
    `INSERT INTO dispatch.deadlines (id, task_id, kind, version, due_at, step, seq, fraction, level, notify,
                                     deadline_due_at, start_at, within, clock, calendar_missing)
     SELECT gen_random_uuid(), s.task_id, s.kind,
            coalesce((SELECT max(d.version) FROM dispatch.deadlines d WHERE d.task_id = s.task_id AND d.kind = s.kind), 0) + 1,
            s.due_at, s.step, s.seq, s.fraction, s.level, s.notify, s.deadline_due_at, s.start_at, s.within, s.clock,
            s.calendar_missing
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::smallint[], $6::float8[], $7::int[],
                   $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::boolean[])
         AS s(task_id, kind, due_at, step, seq, fraction, level, notify, deadline_due_at, start_at, within, clock,
              calendar_missing)`,
    [
      rows.map((r) => r.spec.taskId),
      rows.map((r) => r.spec.kind),
      rows.map((r) => r.step.dueAt),
      rows.map((r) => r.step.step),
      rows.map((r) => r.step.seq),
      rows.map((r) => r.step.fraction),
      rows.map((r) => r.step.level),
      rows.map((r) => r.step.notify),
      rows.map((r) => r.spec.dueAt),
      rows.map((r) => r.spec.startAt),
      rows.map((r) => r.spec.within),
      rows.map((r) => r.spec.clock),
      rows.map((r) => r.spec.calendarMissing),
    ],
  );
  return rows.map((r) => r.step.dueAt);
}

/** Stops the tasks' pending deadlines (of the given kinds, or all), every step of them: they will never fire. */
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

/** Each task's SLA policy: its case's category override, or its severity's. */
async function policiesOfTasks(manager: EntityManager, taskIds: readonly string[]): Promise<Map<string, TaskPolicy>> {
  const rows = await manager.query<TaskPolicy[]>(
    `SELECT t.id AS task_id, coalesce(o.clock, p.clock) AS clock,
            coalesce(o.ack_within, p.ack_within) AS ack_within, coalesce(o.rectify_within, p.rectify_within) AS rectify_within
       FROM dispatch.tasks t
       JOIN dispatch.cases c ON c.id = t.case_id
       JOIN dispatch.sla_policies p ON p.severity = c.severity
       LEFT JOIN dispatch.sla_policy_overrides o ON o.severity = c.severity AND o.category = c.category
      WHERE t.id = ANY($1::uuid[])`,
    [taskIds],
  );
  return new Map(rows.map((row) => [row.task_id, row]));
}

/**
 * The spec with its clock and window filled in. A caller that left them out computed `dueAt` from
 * the task's policy: the policy's window in its clock (or in calendar time) that gives `dueAt`
 * tells both; an explicit due time (an extension) keeps no window and is never recomputed.
 */
function windowOf(
  spec: TaskDeadlineSpec,
  policy: TaskPolicy | undefined,
  calendars: CalendarLookup,
  settings: WorkingTimeSettings,
): Required<TaskDeadlineSpec> {
  const known = { ...spec, within: spec.within ?? null, calendarMissing: spec.calendarMissing ?? false };
  if (spec.clock) return { ...known, clock: spec.clock };
  if (!policy) return { ...known, clock: 'calendar' };
  const within = spec.kind === 'ack' ? policy.ack_within : policy.rectify_within;
  for (const clock of [policy.clock, 'calendar'] as const) {
    try {
      const due = computeDueAt(spec.startAt, within, clock, calendars, settings);
      if (due.dueAt.getTime() === spec.dueAt.getTime()) {
        return {
          ...known,
          clock,
          within: spec.within === undefined ? within : known.within,
          calendarMissing: due.calendarMissing,
        };
      }
    } catch {
      // A window the clock cannot count (months in working time): not the one used.
    }
  }
  return { ...known, clock: policy.clock };
}
