import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DeadlineJob, QueueName } from '#libs/contracts';
import { PrivateRedis, sleep, TestSystem, waitFor } from '#libs/testing';
import { slotOf, wakeUpJobId } from '../../apps/dispatch/src/deadlines/wake-up-plan.js';

/**
 * Acknowledgement deadlines against their faults: Redis stopped, Redis emptied with many
 * deadlines pending, two dispatch processes racing, and an acknowledgement that comes after the
 * deadline. Runs against a Redis server of its own so that stopping it disturbs nobody else.
 */
describe('deadlines', () => {
  let redis: PrivateRedis;
  let system: TestSystem;
  let psb: string;
  let supervisorId: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    // A long horizon, so the re-arming test can spread its deadlines wide apart.
    system = await TestSystem.start({ env: { REDIS_URL: redis.url }, serviceEnv: { dispatch: DISPATCH_ENV } });
    const units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body.items;
    psb = units.find((u: { code: string }) => u.code === 'DM-PSB').id;
    // Signed in before any outage: sign-in counts failures in Redis, tokens are checked without it.
    for (const user of ['taskforce.dispatcher', 'police.handler', 'supervisor', 'school.reporter', 'admin']) {
      await system.tokenFor(user);
    }
    supervisorId = (await system.query(`SELECT id FROM identity.users WHERE username = 'supervisor'`))[0].id;
  });
  // A test that failed during its outage leaves Redis up for the next.
  beforeEach(() => redis.resume());
  afterAll(async () => {
    await system?.stop();
    await redis?.stop();
  });

  const DISPATCH_ENV = { DEADLINE_HORIZON_MS: '900000' };

  const reportCase = async (): Promise<string> => {
    const report = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { category: 'bullying', severity: 'urgent', title: 'Threats', description: 'In class 3', location: 'B' },
    });
    expect(report.status).toBe(201);
    await waitFor(`case ${report.body.id} in dispatch`, async () => {
      const cases = (await system.api('GET', '/api/cases?limit=200', { as: 'taskforce.dispatcher' })).body
        .items as Array<{
        id: string;
      }>;
      return cases.some((c) => c.id === report.body.id);
    });
    return report.body.id;
  };

  const assign = (caseId: string, severity: 'urgent' | 'normal') =>
    system.api('POST', `/api/cases/${caseId}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, severity },
    });

  const overdueAlerts = async (taskId: string) => {
    const inbox = await system.api('GET', '/api/inbox?limit=200', { as: 'supervisor' });
    if (inbox.status !== 200) return undefined;
    return (inbox.body.items as Array<{ kind: string; taskId: string }>).filter(
      (n) => n.kind === 'ack-overdue' && n.taskId === taskId,
    ).length;
  };

  const breachEvents = async (taskId: string): Promise<number> =>
    (
      await system.query(
        `SELECT count(*)::int AS n FROM dispatch.outbox
          WHERE type = 'dispatch.task.ack-breached' AND envelope->'payload'->>'taskId' = $1`,
        [taskId],
      )
    )[0].n;

  /** `count` deadlines of tasks of the PSB written straight into dispatch, the i-th due at `dueAt(i)` (SQL). */
  const insertDeadlines = async (count: number, dueAt: string): Promise<void> => {
    const caseId = (
      await system.query<{ id: string }>(
        `INSERT INTO dispatch.cases (id, reference, school_id, category, severity, status, reported_at, updated_at)
         VALUES (gen_random_uuid(), 'DM-2026-' || (700000 + floor(random() * 99999))::int, gen_random_uuid(),
                 'bullying', 'urgent', 'ASSIGNED', now(), now()) RETURNING id`,
      )
    )[0].id;
    await system.query(
      `WITH t AS (
         INSERT INTO dispatch.tasks (id, case_id, unit_id, role, status, ack_due_at)
         SELECT gen_random_uuid(), $1, $2, 'assisting', 'ASSIGNED', ${dueAt} FROM generate_series(0, $3 - 1) AS i
         RETURNING id, ack_due_at)
       INSERT INTO dispatch.deadlines (id, task_id, kind, version, due_at)
       SELECT gen_random_uuid(), t.id, 'ack', 1, t.ack_due_at FROM t`,
      [caseId, psb, count],
    );
  };

  it('answers commands and fires deadlines on time from Postgres while Redis is stopped, and stops cleanly', async () => {
    const setPolicy = await system.api('PUT', '/api/sla-policies/urgent', {
      as: 'admin',
      body: { ackWithin: 'PT3S', rectifyWithin: 'P1D' },
    });
    expect(setPolicy.status).toBe(200);
    const [toAcknowledge, armedBefore, assignedDuring] = [await reportCase(), await reportCase(), await reportCase()];
    const ackTask = (await assign(toAcknowledge, 'normal')).body.tasks[0];
    // Armed in Redis, then Redis goes: it falls due during the outage.
    const before = await assign(armedBefore, 'urgent');
    expect(before.status).toBe(200);

    await redis.outage();
    const during = await assign(assignedDuring, 'urgent');
    expect(during.status).toBe(200);
    const acknowledged = await system.api('POST', `/api/tasks/${ackTask.id}/acknowledge`, { as: 'police.handler' });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('ACKNOWLEDGED');

    const tasks = [before.body.tasks[0].id as string, during.body.tasks[0].id as string];
    for (const taskId of tasks) {
      await waitFor(`the breach of ${taskId} during the outage`, async () => (await overdueAlerts(taskId)) === 1, {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
    }
    // Stops while Redis is still away, on SIGTERM, without being killed.
    await system.stopService('dispatch', 'SIGTERM');
    expect(system.processOf('dispatch')?.signalCode).toBe('SIGTERM');

    await redis.resume();
    await system.startService('dispatch', DISPATCH_ENV);
    await sleep(3000); // reconciliation rounds and any wake-up left
    for (const taskId of tasks) {
      expect(await overdueAlerts(taskId)).toBe(1);
      expect(await breachEvents(taskId)).toBe(1);
    }
    expect(await breachEvents(ackTask.id)).toBe(0);
    await system.stopService('dispatch', 'SIGTERM');
    expect(system.processOf('dispatch')?.signalCode).toBe('SIGTERM');
    await system.startService('dispatch', DISPATCH_ENV);
  });

  it('re-arms every pending deadline in the horizon after Redis lost its data, not only the first thousand', async () => {
    const count = 1500;
    // 400 ms apart: a wake-up for one deadline can never pass for its neighbour's.
    await insertDeadlines(count, `now() + interval '30 seconds' + i * interval '400 milliseconds'`);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue(QueueName.Deadlines, { connection, prefix: system.isolation.redisPrefix });
    try {
      const wakeUps = async () => {
        const jobs = await queue.getDelayed(0, -1);
        return jobs.map((job) => job.timestamp + (job.delay ?? 0)).sort((a, b) => a - b);
      };
      const uncovered = async () => {
        const times = await wakeUps();
        const pending = await system.query<{ due: number }>(
          // Inside the horizon: rectification deadlines and later ladder rungs are armed when they come into it.
          `SELECT (extract(epoch FROM due_at) * 1000)::float8 AS due FROM dispatch.deadlines
            WHERE fired_at IS NULL AND cancelled_at IS NULL
              AND due_at <= now() + $1::float8 * interval '1 millisecond' ORDER BY due_at`,
          [Number(DISPATCH_ENV.DEADLINE_HORIZON_MS)],
        );
        return pending.filter(({ due }) => !times.some((t) => t >= due - 50 && t <= due + 350)).length;
      };
      await waitFor('the inserted deadlines to be armed', async () => (await uncovered()) === 0, {
        timeoutMs: 20_000,
        intervalMs: 500,
      });

      // Redis loses everything: the next reconciliation arms them all again.
      await connection.flushall();
      expect(await wakeUps()).toHaveLength(0);
      await waitFor('every pending deadline to be armed again', async () => (await uncovered()) === 0, {
        timeoutMs: 20_000,
        intervalMs: 500,
      });
    } finally {
      await queue.close();
      connection.disconnect();
      await system.query(`UPDATE dispatch.deadlines SET cancelled_at = now() WHERE fired_at IS NULL`);
    }
  });

  it('fires each deadline once with two dispatch processes racing for them', async () => {
    await system.startService('dispatch', DISPATCH_ENV, 1);
    const count = 3000;
    // Spread over many wake-ups, so both processes fire some at the same moments.
    await insertDeadlines(count, `now() + interval '4 seconds' + (i % 40) * interval '50 milliseconds'`);
    await waitFor(
      'every deadline to fire',
      async () =>
        (
          await system.query(
            `SELECT count(*)::int AS n FROM dispatch.deadlines WHERE fired_at IS NULL AND cancelled_at IS NULL`,
          )
        )[0].n === 0,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const events = await system.query<{ tasks: number; events: number }>(
      `SELECT count(DISTINCT envelope->'payload'->>'taskId')::int AS tasks, count(*)::int AS events
         FROM dispatch.outbox WHERE type = 'dispatch.task.ack-breached'
          AND (envelope->'payload'->>'taskId')::uuid IN (SELECT task_id FROM dispatch.deadlines WHERE fired_at IS NOT NULL)`,
    );
    expect(events[0].events).toBe(events[0].tasks);
    const fired = (
      await system.query(
        `SELECT count(*)::int AS n FROM dispatch.deadlines WHERE fired_at IS NOT NULL AND step = 'breach'`,
      )
    )[0].n;
    expect(events[0].tasks).toBe(fired);
    // Both processes took part (otherwise this proved nothing about racing).
    const firers = [0, 1].filter((replica) =>
      system.logLines('dispatch', replica).some((line) => line.msg === 'acknowledgement deadlines breached'),
    );
    expect(firers).toEqual([0, 1]);
    await waitFor(
      "the alerts in the supervisor's inbox",
      async () =>
        (
          await system.query(
            `SELECT count(*)::int AS n FROM notify.notifications WHERE user_id = $1 AND kind = 'ack-overdue'`,
            [supervisorId],
          )
        )[0].n >= fired,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const duplicates = await system.query(
      `SELECT task_id FROM notify.notifications WHERE user_id = $1 AND kind = 'ack-overdue'
        GROUP BY task_id HAVING count(*) > 1`,
      [supervisorId],
    );
    expect(duplicates).toEqual([]);
    await system.stopService('dispatch', 'SIGTERM', 1);
  });

  it('arms again a wake-up that comes early by the database clock, and fires the deadline once it is due', async () => {
    await insertDeadlines(1, `now() + interval '8 seconds'`);
    const [deadline] = await system.query<{ id: string; due: number }>(
      `SELECT id, (extract(epoch FROM due_at) * 1000)::float8 AS due FROM dispatch.deadlines
        WHERE fired_at IS NULL AND cancelled_at IS NULL`,
    );
    expect(deadline).toBeDefined();
    const slot = slotOf(deadline.due, 100);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const queue = new Queue(QueueName.Deadlines, { connection, prefix: system.isolation.redisPrefix });
    try {
      // The slot's wake-up, now: as if the process that armed it had a clock 8 s ahead of the database's.
      await queue.add(DeadlineJob.WakeUp, { slot, retry: 0 }, { jobId: `early-${slot}`, removeOnComplete: true });
      await waitFor('the early wake-up to be armed again for the time left', async () =>
        (await queue.getJob(wakeUpJobId(slot, 1)))?.isDelayed(),
      );
      const [early] = await system.query('SELECT fired_at FROM dispatch.deadlines WHERE id = $1', [deadline.id]);
      expect(early.fired_at).toBeNull();
      const fired = await waitFor(
        'the deadline to fire',
        async () =>
          (
            await system.query<{ late: number }>(
              `SELECT (extract(epoch FROM fired_at - due_at) * 1000)::float8 AS late
                 FROM dispatch.deadlines WHERE id = $1 AND fired_at IS NOT NULL`,
              [deadline.id],
            )
          )[0],
        { timeoutMs: 20_000 },
      );
      expect(fired.late).toBeGreaterThanOrEqual(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('records the breach of an acknowledgement that comes after the deadline, once, whatever the wake-up did', async () => {
    // No reconciliation and no wake-up in Redis for a day-long deadline: only the acknowledgement can see it is late.
    await system.stopService('dispatch');
    await system.startService('dispatch', {
      DEADLINE_RECONCILE_INTERVAL_MS: '3600000',
      DEADLINE_HORIZON_MS: '7200000',
    });
    const caseId = await reportCase();
    const task = (await assign(caseId, 'normal')).body.tasks[0];
    const [moved] = await system.query(
      `UPDATE dispatch.deadlines SET due_at = now() - interval '1 second'
        WHERE task_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL RETURNING id`,
      [task.id],
    );
    expect(moved).toBeDefined();

    const acknowledged = await system.api('POST', `/api/tasks/${task.id}/acknowledge`, { as: 'police.handler' });
    expect(acknowledged.status).toBe(200);
    const [deadline] = await system.query('SELECT fired_at, cancelled_at FROM dispatch.deadlines WHERE task_id = $1', [
      task.id,
    ]);
    expect(deadline.fired_at).not.toBeNull();
    expect(deadline.cancelled_at).toBeNull();
    await waitFor(
      'the late acknowledgement to alert the supervisor',
      async () => (await overdueAlerts(task.id)) === 1,
      {
        timeoutMs: 20_000,
        intervalMs: 250,
      },
    );
    await sleep(1000);
    expect(await breachEvents(task.id)).toBe(1);
    expect(await overdueAlerts(task.id)).toBe(1);
  });
});
