import type { EntityManager } from 'typeorm';
import type { Category, Severity } from '#libs/contracts';
import { dueAtIn } from '../calendars/calendar-store.js';
import { workingTimeSettings } from '../calendars/working-time-settings.js';
import type { Clock, WorkingTimeSettings } from '../calendars/working-time.js';

/** A task's two deadlines from its SLA policy, and how they were counted. */
export interface SlaDeadlines {
  ackDueAt: Date;
  rectifyDueAt: Date;
  clock: Clock;
  /** A year either window reaches has no calendar: counted in calendar time (recomputed when it is loaded). */
  calendarMissing: boolean;
  ackWithin: string;
  rectifyWithin: string;
}

/**
 * The acknowledgement and rectification deadlines of a task of this severity and category whose
 * windows open at `startAt`: the category's override, else the severity's policy, in its clock. Read
 * in the caller's transaction; pass `clock`, `within` and `calendarMissing` on to `scheduleTaskDeadlines`.
 */
export async function slaDeadlines(
  manager: EntityManager,
  input: { severity: Severity; category: Category; startAt: Date },
  settings: WorkingTimeSettings = workingTimeSettings(),
): Promise<SlaDeadlines> {
  const [policy] = await manager.query<Array<{ ack_within: string; rectify_within: string; clock: Clock } | undefined>>(
    `SELECT coalesce(o.ack_within, p.ack_within) AS ack_within, coalesce(o.rectify_within, p.rectify_within) AS rectify_within,
            coalesce(o.clock, p.clock) AS clock
       FROM dispatch.sla_policies p
       LEFT JOIN dispatch.sla_policy_overrides o ON o.severity = p.severity AND o.category = $2
      WHERE p.severity = $1`,
    [input.severity, input.category],
  );
  if (!policy) throw new Error(`no SLA policy for severity ${input.severity}`);
  const ack = await dueAtIn(manager, input.startAt, policy.ack_within, policy.clock, settings);
  const rectify = await dueAtIn(manager, input.startAt, policy.rectify_within, policy.clock, settings);
  return {
    ackDueAt: ack.dueAt,
    rectifyDueAt: rectify.dueAt,
    clock: policy.clock,
    calendarMissing: ack.calendarMissing || rectify.calendarMissing,
    ackWithin: policy.ack_within,
    rectifyWithin: policy.rectify_within,
  };
}
