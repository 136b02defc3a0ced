import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type DeadlineKind,
  type EscalationTarget,
  type EventContract,
  TaskAckBreached,
  TaskEscalated,
  TaskRectifyBreached,
  TaskReminderDue,
} from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { LOGGER, type Logger, metrics } from '#libs/observability';
import { firedStep } from './deadline-metrics.js';

interface FiredRow {
  task_id: string;
  kind: DeadlineKind;
  step: string;
  seq: number;
  fraction: number | null;
  level: number | null;
  notify: EscalationTarget | null;
  /** Instants as epoch milliseconds: a burst's rows share a few of them, each formatted once. */
  deadline_due_at_ms: number;
  due_at_ms: number;
  fired_at_ms: number;
  case_id: string;
  unit_id: string;
  reference: string;
}

const PENDING = 'd.fired_at IS NULL AND d.cancelled_at IS NULL';
const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * Marks the chosen deadlines fired by the database's clock and returns what their breach events
 * need. `= ANY(ARRAY(…))` keeps the plan on the primary key (a join on the CTE hashes the table).
 */
const fireWhere = (choose: string) => `
  WITH chosen AS (${choose})
  UPDATE dispatch.deadlines d SET fired_at = now()
    FROM dispatch.tasks t JOIN dispatch.cases c ON c.id = t.case_id
   WHERE d.id = ANY(ARRAY(SELECT id FROM chosen)) AND t.id = d.task_id
  RETURNING d.task_id, d.kind, d.step, d.seq, d.fraction, d.level, d.notify,
            ${epochMs('coalesce(d.deadline_due_at, d.due_at)')} AS deadline_due_at_ms,
            ${epochMs('d.due_at')} AS due_at_ms, ${epochMs('d.fired_at')} AS fired_at_ms,
            t.case_id, t.unit_id, c.reference`;

const FIRE_DUE = fireWhere(`
  SELECT d.id FROM dispatch.deadlines d
   WHERE ${PENDING} AND d.due_at <= now()
   ORDER BY d.due_at, d.seq LIMIT $1 FOR UPDATE SKIP LOCKED`);

const FIRE_DUE_OF_TASK = fireWhere(`
  SELECT d.id FROM dispatch.deadlines d
   WHERE d.task_id = $1 AND ${PENDING} AND d.due_at <= now()
   FOR UPDATE`);

/**
 * Fires deadlines that are due by the database's clock, at most once each, however many wake-ups
 * arrive: the conditional update is the only gate and the breach events commit with it. Due
 * deadlines are fired in batches, one statement and one outbox insert per batch; rows another
 * process is firing are skipped, not waited for.
 */
@Injectable()
export class FireDeadlinesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Fires up to `limit` due deadlines in one transaction; returns how many. */
  async fireBatch(limit: number): Promise<number> {
    const fired = await this.dataSource.transaction(async (manager) => {
      // Right after a burst is written the planner's statistics still say "few pending" and it would
      // sort every due row to return the first batch; reading the pending index in order is right
      // whatever the statistics say.
      await manager.query('SET LOCAL enable_sort = off');
      return this.fire(manager, FIRE_DUE, [limit]);
    });
    metrics.deadlinesFiredNow(fired.map(firedStep)); // counted once committed
    return fired.length;
  }

  /**
   * Fires every due deadline, batch after batch, until a batch comes back short; `parallel`
   * transactions at a time (they skip each other's rows), so a burst uses more than one core.
   */
  async fireAllDue(batchSize: number, parallel = 1): Promise<number> {
    const drain = async () => {
      let fired = 0;
      for (;;) {
        const batch = await this.fireBatch(batchSize);
        fired += batch;
        if (batch < batchSize) return fired;
      }
    };
    const first = await this.fireBatch(batchSize);
    // Most wake-ups find a handful: only a full first batch is worth more connections.
    const rest = first < batchSize ? [] : await Promise.all(Array.from({ length: parallel }, drain));
    const total = rest.reduce((sum, fired) => sum + fired, first);
    if (total > 0) this.logger.info({ fired: total }, 'acknowledgement deadlines breached');
    return total;
  }

  /** In the caller's transaction: fires the task's deadlines that are already due (an acknowledgement came late). */
  async fireDueOfTask(manager: EntityManager, taskId: string): Promise<number> {
    const fired = await this.fire(manager, FIRE_DUE_OF_TASK, [taskId]);
    // Counted inside the caller's transaction: an acknowledgement that then fails counts its breach anyway (rare).
    metrics.deadlinesFiredNow(fired.map(firedStep));
    if (fired.length > 0) this.logger.info({ taskId }, 'acknowledged after its deadline: breach recorded');
    return fired.length;
  }

  /**
   * Milliseconds, by the database's clock, until the earliest deadline not yet due that is due at
   * or before `untilMs`; null when there is none. A wake-up that finds one came early.
   */
  async msUntilPendingDue(untilMs: number): Promise<number | null> {
    const [row] = await this.dataSource.query<Array<{ ms: number | null }>>(
      `SELECT (extract(epoch FROM min(d.due_at) - now()) * 1000)::float8 AS ms
         FROM dispatch.deadlines d
        WHERE ${PENDING} AND d.due_at > now() AND d.due_at <= to_timestamp($1::float8 / 1000)`,
      [untilMs],
    );
    return row?.ms ?? null;
  }

  /**
   * Marks the chosen steps fired and appends their events in firing order (due time, then
   * reminder, breach, ladder): one outbox insert per run of one kind of event.
   */
  private async fire(manager: EntityManager, sql: string, params: unknown[]): Promise<FiredRow[]> {
    // An UPDATE through TypeORM's postgres driver resolves to [rows, affectedCount].
    const [fired]: [FiredRow[], number] = await manager.query(sql, params);
    const ordered = [...fired].sort((a, b) => a.due_at_ms - b.due_at_ms || a.seq - b.seq);
    const iso = isoFormatter();
    let run: { contract: EventContract; payloads: object[] } | undefined;
    const flush = async () => {
      if (run) await this.outbox.appendMany(manager, run.contract, run.payloads);
      run = undefined;
    };
    for (const row of ordered) {
      const [contract, payload] = eventOf(row, iso);
      if (run?.contract !== contract) {
        await flush();
        run = { contract, payloads: [] };
      }
      run.payloads.push(payload);
    }
    await flush();
    return fired;
  }
}

/** ISO 8601 text of an epoch-ms instant, each distinct instant formatted once. */
function isoFormatter(): (ms: number) => string {
  const formatted = new Map<number, string>();
  return (ms) => {
    let text = formatted.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      formatted.set(ms, text);
    }
    return text;
  };
}

/** What a fired step tells: a reminder, the breach of its kind, or a rung of the ladder. */
function eventOf(row: FiredRow, iso: (ms: number) => string): [EventContract, object] {
  const task = { taskId: row.task_id, caseId: row.case_id, reference: row.reference, unitId: row.unit_id };
  if (row.step.startsWith('reminder:')) {
    return [
      TaskReminderDue,
      { ...task, deadline: row.kind, fraction: Number(row.fraction), dueAt: iso(row.deadline_due_at_ms) },
    ];
  }
  if (row.step.startsWith('escalation:')) {
    return [
      TaskEscalated,
      {
        ...task,
        deadline: row.kind,
        level: Number(row.level),
        notify: row.notify,
        escalatedAt: iso(row.fired_at_ms),
      },
    ];
  }
  const breachedAt = iso(row.fired_at_ms);
  if (row.kind === 'rectify') {
    return [TaskRectifyBreached, { ...task, rectifyDueAt: iso(row.due_at_ms), breachedAt }];
  }
  return [TaskAckBreached, { ...task, ackDueAt: iso(row.due_at_ms), breachedAt }];
}
