import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import type { EventContract, RoutingRule } from '#libs/contracts';
import { Outbox, type OutboxBatch } from '#libs/messaging';
import type { DispatchConfig } from '../config.js';
import { announceCalendarGaps } from '../calendars/calendar-gaps.js';
import { dueAtIn } from '../calendars/calendar-store.js';
import { workingTimeSettings } from '../calendars/working-time-settings.js';
import { DeadlineAlarm } from '../deadlines/deadline-alarm.js';
import { FireDeadlinesUseCase } from '../deadlines/fire-deadlines.use-case.js';
import { cancelTaskDeadlines, scheduleTaskDeadlines } from '../deadlines/task-deadlines.js';
import { wakeUpsToArm } from '../deadlines/wake-up-plan.js';
import { Case, type CaseState } from '../domain/case.js';
import type { DispatchPorts, EventOptions, UnitOfWork } from '../domain/ports.js';
import { Task, type TaskState } from '../domain/task.js';
import { slaDeadlines } from '../sla-policies/sla-deadlines.js';

const CASE_COLUMNS = `id, reference, source, source_id AS "sourceId", school_id AS "schoolId", category, subcategory,
  severity, risk_level AS "riskLevel", assessment_note AS "assessmentNote", life_safety AS "lifeSafety", status,
  disputed, merged_into AS "mergedInto", verified_at AS "verifiedAt", auto_close_at AS "autoCloseAt",
  reported_at AS "reportedAt", updated_at AS "updatedAt", sequence`;

export const TASK_COLUMNS = `id, case_id AS "caseId", unit_id AS "unitId", role, status, ack_due_at AS "ackDueAt",
  rectify_due_at AS "rectifyDueAt", acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy",
  progress_note AS "progressNote", feedback_at AS "feedbackAt", feedback_summary AS "feedbackSummary",
  rectified_at AS "rectifiedAt", rectify_summary AS "rectifySummary", evidence::text[] AS evidence, declined_at AS "declinedAt",
  decline_reason AS "declineReason", created_at AS "createdAt"`;

/** The event's author as the envelope names it (no role), and its cause. */
const eventOptions = ({ actor, causedBy }: EventOptions) => ({
  actor: actor ? { kind: actor.kind, id: actor.id } : undefined,
  causedBy,
});

/** The dispatch ports over Postgres: one transaction per unit of work, wake-ups armed after commit. */
@Injectable()
export class TypeOrmUnitOfWork implements UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly alarm: DeadlineAlarm,
    private readonly fire: FireDeadlinesUseCase,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async run<T>(work: (ports: DispatchPorts) => Promise<T>): Promise<T> {
    const dueTimes: Date[] = [];
    const result = await this.dataSource.transaction((manager) => this.runIn(manager, dueTimes, work));
    await this.arm(dueTimes);
    return result;
  }

  /** In a transaction someone else owns (an event batch): it commits later, so nothing is armed here. */
  within(manager: EntityManager): UnitOfWork {
    return { run: (work) => this.runIn(manager, [], work) };
  }

  /** The work's events are written when it is done, all in one statement of its transaction. */
  private async runIn<T>(manager: EntityManager, dueTimes: Date[], work: (ports: DispatchPorts) => Promise<T>) {
    const events: Array<OutboxBatch<EventContract>> = [];
    const result = await work(this.ports(manager, dueTimes, events));
    await this.outbox.appendAll(manager, events);
    return result;
  }

  private async arm(dueTimes: Date[]): Promise<void> {
    if (dueTimes.length === 0) return;
    // Bounded and never throws: with Redis away the wake-ups go to in-process timers.
    await this.alarm.arm(
      wakeUpsToArm(
        dueTimes.map((due) => due.getTime()),
        Date.now(),
        { slotMs: this.config.DEADLINE_SLOT_MS, horizonMs: this.config.DEADLINE_HORIZON_MS },
      ),
    );
  }

  private ports(manager: EntityManager, dueTimes: Date[], events: Array<OutboxBatch<EventContract>>): DispatchPorts {
    return {
      cases: {
        get: async (id) => {
          const [row] = await manager.query<CaseState[]>(
            `SELECT ${CASE_COLUMNS} FROM dispatch.cases WHERE id = $1 FOR UPDATE`,
            [id],
          );
          return row ? Case.restore(row) : null;
        },
        insertOpened: async (cases) => {
          if (cases.length === 0) return new Set();
          const states = cases.map((kase) => kase.state);
          const entries = cases.flatMap((kase) => kase.timeline.splice(0).map((entry) => ({ caseId: kase.id, entry })));
          // One round trip: the rows, and the timelines of those inserted (a redelivered item inserts neither).
          const inserted = await manager.query<Array<{ id: string }>>(
            `WITH inserted AS (
               INSERT INTO dispatch.cases (id, reference, source, source_id, school_id, category, severity, life_safety,
                                           status, reported_at, updated_at, sequence)
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[],
                                    $8::boolean[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::int[])
               ON CONFLICT DO NOTHING RETURNING id
             ), timeline AS (
               INSERT INTO dispatch.case_transitions (case_id, from_status, to_status, command, actor_id, actor_role, reason, at)
               SELECT e.case_id, e.from_status, e.to_status, e.command, e.actor_id, e.actor_role, e.reason, e.at
                 FROM unnest($13::uuid[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                             $20::timestamptz[]) WITH ORDINALITY
                      AS e(case_id, from_status, to_status, command, actor_id, actor_role, reason, at, n)
                WHERE e.case_id IN (SELECT id FROM inserted)
                ORDER BY e.n
             )
             SELECT id FROM inserted`,
            [
              states.map((s) => s.id),
              states.map((s) => s.reference),
              states.map((s) => s.source),
              states.map((s) => s.sourceId),
              states.map((s) => s.schoolId),
              states.map((s) => s.category),
              states.map((s) => s.severity),
              states.map((s) => s.lifeSafety),
              states.map((s) => s.status),
              states.map((s) => s.reportedAt),
              states.map((s) => s.updatedAt),
              states.map((s) => s.sequence),
              entries.map((e) => e.caseId),
              entries.map((e) => e.entry.from),
              entries.map((e) => e.entry.to),
              entries.map((e) => e.entry.command),
              entries.map((e) => e.entry.actorId),
              entries.map((e) => e.entry.actorRole),
              entries.map((e) => e.entry.reason),
              entries.map((e) => e.entry.at),
            ],
          );
          return new Set(inserted.map((row) => row.id));
        },
        save: async (kase) => {
          const s = kase.state;
          await manager.query(
            `UPDATE dispatch.cases SET category = $2, subcategory = $3, severity = $4, risk_level = $5,
                    assessment_note = $6, status = $7, disputed = $8, merged_into = $9, verified_at = $10,
                    auto_close_at = $11, updated_at = $12, sequence = $13
              WHERE id = $1`,
            [
              s.id,
              s.category,
              s.subcategory,
              s.severity,
              s.riskLevel,
              s.assessmentNote,
              s.status,
              s.disputed,
              s.mergedInto,
              s.verifiedAt,
              s.autoCloseAt,
              s.updatedAt,
              s.sequence,
            ],
          );
          const entries = kase.timeline.splice(0);
          if (entries.length === 0) return;
          await manager.query(
            `INSERT INTO dispatch.case_transitions (case_id, from_status, to_status, command, actor_id, actor_role, reason, at)
             SELECT $1, e.from_status, e.to_status, e.command, e.actor_id, e.actor_role, e.reason, e.at
               FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
                 WITH ORDINALITY AS e(from_status, to_status, command, actor_id, actor_role, reason, at, n)
              ORDER BY e.n`,
            [
              s.id,
              entries.map((e) => e.from),
              entries.map((e) => e.to),
              entries.map((e) => e.command),
              entries.map((e) => e.actorId),
              entries.map((e) => e.actorRole),
              entries.map((e) => e.reason),
              entries.map((e) => e.at),
            ],
          );
        },
        dueForAutoClose: async (limit) => {
          const rows = await manager.query<Array<{ id: string }>>(
            `SELECT id FROM dispatch.cases WHERE status = 'VERIFIED' AND auto_close_at <= now()
              ORDER BY auto_close_at LIMIT $1`,
            [limit],
          );
          return rows.map((row) => row.id);
        },
        nextReference: async (prefix, year) => {
          const [{ n }] = await manager.query<Array<{ n: string }>>(
            `SELECT nextval('dispatch.case_reference_seq')::text AS n`,
          );
          return `${prefix}-${year}-${n.padStart(6, '0')}`;
        },
      },
      tasks: {
        peek: async (id) => {
          const [row] = await manager.query<Array<{ caseId: string; unitId: string }>>(
            `SELECT case_id AS "caseId", unit_id AS "unitId" FROM dispatch.tasks WHERE id = $1`,
            [id],
          );
          return row ?? null;
        },
        ofCase: async (caseId) => {
          const rows = await manager.query<TaskState[]>(
            `SELECT ${TASK_COLUMNS} FROM dispatch.tasks WHERE case_id = $1 ORDER BY created_at, id FOR UPDATE`,
            [caseId],
          );
          return rows.map((row) => Task.restore(row));
        },
        save: async (tasks) => {
          for (const task of tasks) {
            const t = task.state;
            const values = [
              t.id,
              t.caseId,
              t.unitId,
              t.role,
              t.status,
              t.ackDueAt,
              t.rectifyDueAt,
              t.acknowledgedAt,
              t.acknowledgedBy,
              t.progressNote,
              t.feedbackAt,
              t.feedbackSummary,
              t.rectifiedAt,
              t.rectifySummary,
              t.evidence,
              t.declinedAt,
              t.declineReason,
              t.createdAt,
            ];
            await manager.query(
              `INSERT INTO dispatch.tasks (id, case_id, unit_id, role, status, ack_due_at, rectify_due_at, acknowledged_at,
                 acknowledged_by, progress_note, feedback_at, feedback_summary, rectified_at, rectify_summary, evidence,
                 declined_at, decline_reason, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::uuid[], $16, $17, $18)
               ON CONFLICT (id) DO UPDATE SET role = $4, status = $5, ack_due_at = $6, rectify_due_at = $7,
                 acknowledged_at = $8, acknowledged_by = $9, progress_note = $10, feedback_at = $11,
                 feedback_summary = $12, rectified_at = $13, rectify_summary = $14, evidence = $15::uuid[],
                 declined_at = $16, decline_reason = $17`,
              values,
            );
          }
        },
      },
      units: {
        departments: async (ids) => {
          const rows = await manager.query<Array<{ id: string; retired: boolean }>>(
            `SELECT id, retired_at IS NOT NULL AS retired FROM dispatch.units
              WHERE id = ANY($1::uuid[]) AND kind = 'department'`,
            [ids],
          );
          return new Map(rows.map((row) => [row.id, { retired: row.retired }]));
        },
      },
      // The SLA policy of the severity, or its category's override, counted in its clock (working time
      // on the county calendar, or calendar time).
      deadlinePolicy: {
        taskDeadlines: async (severity, category, from) => {
          const deadlines = await slaDeadlines(manager, { severity, category, startAt: from });
          if (deadlines.calendarMissing) await announceCalendarGaps(manager, this.outbox);
          return deadlines;
        },
        rectifyDueAt: async (severity, category, from, within) => {
          const policy = await slaDeadlines(manager, { severity, category, startAt: from });
          const due =
            within === undefined
              ? { dueAt: policy.rectifyDueAt, calendarMissing: policy.calendarMissing }
              : await dueAtIn(manager, from, within, policy.clock, workingTimeSettings());
          if (due.calendarMissing) await announceCalendarGaps(manager, this.outbox);
          return due.dueAt;
        },
      },
      routing: {
        list: async () => {
          const rows = await manager.query<
            Array<{
              category: RoutingRule['category'];
              subcategory: string;
              leadUnitId: string;
              assistingUnitIds: string[];
            }>
          >(
            `SELECT category, subcategory, lead_unit_id AS "leadUnitId", assisting_unit_ids AS "assistingUnitIds"
               FROM dispatch.routing_rules ORDER BY position`,
          );
          return rows.map((row) => ({ ...row, subcategory: row.subcategory || undefined }));
        },
        replace: async (rules, userId) => {
          await manager.query('DELETE FROM dispatch.routing_rules');
          if (rules.length === 0) return;
          await manager.query(
            `INSERT INTO dispatch.routing_rules (category, subcategory, lead_unit_id, assisting_unit_ids, position, updated_by)
             SELECT r.category, r.subcategory, r.lead, ARRAY(SELECT jsonb_array_elements_text(r.assisting)::uuid), r.n, $5
               FROM unnest($1::text[], $2::text[], $3::uuid[], $4::jsonb[]) WITH ORDINALITY AS r(category, subcategory, lead, assisting, n)`,
            [
              rules.map((r) => r.category),
              rules.map((r) => r.subcategory ?? ''),
              rules.map((r) => r.leadUnitId),
              rules.map((r) => JSON.stringify(r.assistingUnitIds)),
              userId,
            ],
          );
        },
      },
      deadlines: {
        start: async (specs) => {
          dueTimes.push(...(await scheduleTaskDeadlines(manager, specs)));
        },
        stop: (taskIds, kinds) => cancelTaskDeadlines(manager, taskIds, kinds),
        fireDue: async (taskId) => {
          await this.fire.fireDueOfTask(manager, taskId);
        },
      },
      // Kept until the work is done (see runIn): its events then cost one statement, not one each.
      events: {
        append: (contract, payload, options = {}) => {
          events.push({ contract, items: [{ payload, ...eventOptions(options) }] });
          return Promise.resolve();
        },
        appendEach: (contract, items) => {
          events.push({ contract, items: items.map((item) => ({ payload: item.payload, ...eventOptions(item) })) });
          return Promise.resolve();
        },
      },
      clock: { now: () => new Date() },
    };
  }
}
