import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { natsConnectionOptions } from '#libs/config';
import { sleep } from '#libs/testing';
import type { LoadStats } from './load.js';

const SCHEMAS = ['identity', 'intake', 'dispatch', 'grading', 'notify'];

/** What one scenario measured once the system settled; every number is counted, none assumed. */
export interface Outcome {
  accepted: number;
  lost: number;
  duplicates: number;
  tasksAssigned: number;
  acksAccepted: number;
  deadlinesDue: number;
  firedOnce: number;
  /** p99 of fired_at − due_at over the fired deadlines, in ms; null when none fired. */
  latenessP99Ms: number | null;
  parked: number;
  /** Deadlines cancelled by an acknowledgement that came after due_at but before the firing. */
  lateAcks: number;
  settled: boolean;
  settleMs: number;
  /** Why the row fails, one phrase per broken guarantee; empty when it passes. */
  failures: string[];
}

/** Read-only look at one run's database and broker, tolerant of both being away for a while. */
export class Probe {
  private readonly db: pg.Pool;

  constructor(
    databaseUrl: string,
    private readonly natsUrl: string,
    private readonly namespace: string,
  ) {
    this.db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // A crashed PostgreSQL breaks idle connections: the pool drops them; the next query reconnects.
    this.db.on('error', () => undefined);
  }

  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params).then((result) => result.rows as T[]);
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  /** Unpublished outbox rows in every schema. */
  async unpublished(): Promise<number> {
    const parts = SCHEMAS.map((s) => `(SELECT count(*) FROM "${s}".outbox WHERE published_at IS NULL)`);
    return Number((await this.query<{ n: string }>(`SELECT ${parts.join(' + ')} AS n`))[0].n);
  }

  /** Consumers of the run's streams with messages not yet delivered or not yet acked. */
  async consumersBehind(): Promise<string[]> {
    const nats = await connect({ ...natsConnectionOptions(this.natsUrl), timeout: 2000 });
    try {
      const jsm = await jetstreamManager(nats);
      const behind: string[] = [];
      const prefix = `${this.namespace}_`.toUpperCase();
      for await (const stream of jsm.streams.list()) {
        if (!stream.config.name.startsWith(prefix)) continue;
        for await (const consumer of jsm.consumers.list(stream.config.name)) {
          if (consumer.num_pending > 0 || consumer.num_ack_pending > 0) behind.push(consumer.name);
        }
      }
      return behind;
    } finally {
      await nats.close();
    }
  }

  /**
   * Acknowledgement breaches of these cases neither fired nor cancelled yet (reminders, the ladder and
   * the rectification deadlines, days away, are not counted).
   */
  async pendingDeadlines(caseIds: string[]): Promise<number> {
    const [row] = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dispatch.deadlines d JOIN dispatch.tasks t ON t.id = d.task_id
        WHERE t.case_id = ANY($1) AND d.kind = 'ack' AND d.step = 'breach' AND d.fired_at IS NULL AND d.cancelled_at IS NULL`,
      [caseIds],
    );
    return row.n;
  }

  /**
   * "Settled": every deadline of the load fired or cancelled, no outbox row left to publish, every
   * consumer caught up, twice in a row half a second apart; or the bound has passed.
   */
  async settle(stats: LoadStats, boundMs = 60_000): Promise<{ settled: boolean; settleMs: number }> {
    const started = Date.now();
    let quietRounds = 0;
    while (Date.now() - started < boundMs) {
      const quiet = await Promise.all([
        this.pendingDeadlines(stats.acceptedIds),
        this.unpublished(),
        this.consumersBehind().then((behind) => behind.length),
      ]).then(
        (counts) => counts.every((n) => n === 0),
        () => false,
      );
      quietRounds = quiet ? quietRounds + 1 : 0;
      if (quietRounds >= 2) return { settled: true, settleMs: Date.now() - started };
      await sleep(500);
    }
    return { settled: false, settleMs: Date.now() - started };
  }

  async measure(stats: LoadStats, since: Date, settled: { settled: boolean; settleMs: number }): Promise<Outcome> {
    const ids = stats.acceptedIds;
    const [found] = await this.query<{ intake: number; dispatch: number }>(
      `SELECT (SELECT count(*)::int FROM intake.whistle_reports WHERE id = ANY($1)) AS intake,
              (SELECT count(*)::int FROM dispatch.cases WHERE id = ANY($1)) AS dispatch`,
      [ids],
    );
    const [lost] = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS r(id)
        WHERE NOT EXISTS (SELECT 1 FROM intake.whistle_reports w WHERE w.id = r.id)
           OR NOT EXISTS (SELECT 1 FROM dispatch.cases c WHERE c.id = r.id)`,
      [ids],
    );
    // One client request stored twice, one case opened twice, or one case with two lead tasks.
    const [duplicates] = await this.query<{ n: number }>(
      `SELECT (SELECT coalesce(sum(n - 1), 0)::int FROM (SELECT count(*) AS n FROM intake.whistle_reports
                WHERE title LIKE $2 GROUP BY title HAVING count(*) > 1) d)
            + (SELECT count(*)::int FROM (SELECT case_id FROM dispatch.case_transitions
                WHERE case_id = ANY($1) AND from_status IS NULL GROUP BY case_id HAVING count(*) > 1) o)
            + (SELECT count(*)::int FROM (SELECT case_id FROM dispatch.tasks
                WHERE case_id = ANY($1) AND role = 'lead' GROUP BY case_id HAVING count(*) > 1) t) AS n`,
      [ids, `${stats.tag} %`],
    );
    const [tasks] = await this.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM dispatch.tasks WHERE case_id = ANY($1)',
      [ids],
    );
    const deadlines = await this.dueDeadlines(ids);
    const parts = SCHEMAS.map(
      (s) => `(SELECT count(*)::int FROM "${s}".parked_events WHERE parked_at >= $1 AND replayed_at IS NULL)`,
    );
    const [parked] = await this.query<{ n: number }>(`SELECT ${parts.join(' + ')} AS n`, [since]);
    const [lateAcks] = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dispatch.deadlines d JOIN dispatch.tasks t ON t.id = d.task_id
        WHERE t.case_id = ANY($1) AND d.kind = 'ack' AND d.step = 'breach' AND d.fired_at IS NULL
          AND d.cancelled_at > d.due_at`,
      [ids],
    );
    const lateness = deadlines.filter((d) => d.latenessMs !== null).map((d) => d.latenessMs!);
    const outcome: Outcome = {
      accepted: ids.length,
      lost: lost.n,
      duplicates: duplicates.n,
      tasksAssigned: tasks.n,
      acksAccepted: stats.acksAccepted,
      deadlinesDue: deadlines.length,
      firedOnce: deadlines.filter((d) => d.once).length,
      latenessP99Ms: lateness.length > 0 ? percentile(lateness, 99) : null,
      parked: parked.n,
      lateAcks: lateAcks.n,
      ...settled,
      failures: [],
    };
    outcome.failures = failuresOf(outcome, {
      missingInIntake: ids.length - found.intake,
      missingInDispatch: ids.length - found.dispatch,
      deadlines,
    });
    return outcome;
  }

  /**
   * Deadlines whose due time passed and that no acknowledgement cancelled, each with whether it
   * fired exactly once: fired_at set, one breach event in dispatch's outbox, one `ack-overdue` per
   * supervisor. (An acknowledgement accepted after due_at but before the firing cancels the
   * deadline: counted apart, as `lateAcks`.)
   */
  private async dueDeadlines(caseIds: string[]): Promise<DueDeadline[]> {
    const rows = await this.query<{ task_id: string; lateness_ms: number | null }>(
      `SELECT d.task_id, (extract(epoch FROM d.fired_at - d.due_at) * 1000)::int AS lateness_ms
         FROM dispatch.deadlines d JOIN dispatch.tasks t ON t.id = d.task_id
        WHERE t.case_id = ANY($1) AND d.kind = 'ack' AND d.step = 'breach' AND d.due_at <= now() AND d.cancelled_at IS NULL`,
      [caseIds],
    );
    const taskIds = rows.map((r) => r.task_id);
    const breaches = await this.countBy(
      `SELECT envelope->'payload'->>'taskId' AS key, count(*)::int AS n FROM dispatch.outbox
        WHERE type = 'dispatch.task.ack-breached' AND envelope->'payload'->>'taskId' = ANY($1) GROUP BY 1`,
      [taskIds],
    );
    const supervisors = (
      await this.query<{ user_id: string }>("SELECT user_id FROM notify.recipients WHERE role = 'supervisor'")
    ).map((r) => r.user_id);
    const alerts = await this.countBy(
      `SELECT task_id || '/' || user_id AS key, count(*)::int AS n FROM notify.notifications
        WHERE kind = 'ack-overdue' AND task_id = ANY($1) AND user_id = ANY($2) GROUP BY 1`,
      [taskIds, supervisors],
    );
    return rows.map((row) => ({
      taskId: row.task_id,
      latenessMs: row.lateness_ms,
      fired: row.lateness_ms !== null,
      breaches: breaches.get(row.task_id) ?? 0,
      once:
        supervisors.length > 0 &&
        row.lateness_ms !== null &&
        breaches.get(row.task_id) === 1 &&
        supervisors.every((user) => alerts.get(`${row.task_id}/${user}`) === 1),
    }));
  }

  private async countBy(sql: string, params: unknown[]): Promise<Map<string, number>> {
    return new Map((await this.query<{ key: string; n: number }>(sql, params)).map((r) => [r.key, r.n]));
  }
}

interface DueDeadline {
  taskId: string;
  latenessMs: number | null;
  fired: boolean;
  breaches: number;
  once: boolean;
}

function failuresOf(
  outcome: Outcome,
  detail: { missingInIntake: number; missingInDispatch: number; deadlines: DueDeadline[] },
): string[] {
  const failures: string[] = [];
  if (outcome.accepted === 0) failures.push('no report accepted');
  if (outcome.lost > 0) {
    failures.push(
      `${outcome.lost} lost (${detail.missingInIntake} not in intake, ${detail.missingInDispatch} no case)`,
    );
  }
  if (outcome.duplicates > 0) failures.push(`${outcome.duplicates} duplicates`);
  if (outcome.tasksAssigned === 0) failures.push('no task assigned');
  const unfired = detail.deadlines.filter((d) => !d.fired).length;
  const repeated = detail.deadlines.filter((d) => d.breaches > 1).length;
  const unalerted = detail.deadlines.length - outcome.firedOnce - unfired - repeated;
  if (unfired > 0) failures.push(`${unfired} due deadlines not fired`);
  if (repeated > 0) failures.push(`${repeated} deadlines breached twice`);
  if (unalerted > 0)
    failures.push(`${unalerted} fired deadlines without exactly one breach event and one alert per supervisor`);
  if (outcome.parked > 0) failures.push(`${outcome.parked} parked events`);
  if (!outcome.settled) failures.push('not settled within the bound');
  return failures;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
