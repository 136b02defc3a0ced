import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { join } from 'node:path';
import { consumerName, eventSubject, rpcSubject, type ServiceName, streamName } from '#libs/contracts';
import { deleteRedisKeys, sleep, TEST_NATS_URL, testEvent, TestSystem, waitFor } from '#libs/testing';

/**
 * Crashes, restarts and a Redis that lost its data lose nothing and do nothing twice.
 * Failpoints (CW_FAILPOINTS) make a service SIGKILL itself at an exact point.
 */
describe('durability', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  let psb: string;
  const ns = () => system.isolation.natsNamespace;

  beforeAll(async () => {
    // Short ack wait so a crashed consumer's message comes back within the test; pruning every second.
    system = await TestSystem.start({ env: { EVENT_ACK_WAIT_MS: '2000', MESSAGING_PRUNE_INTERVAL_MS: '1000' } });
    nats = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nats);
    const units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body.items;
    psb = units.find((u: { code: string }) => u.code === 'DM-PSB').id;
  });
  afterAll(async () => {
    await nats?.close();
    await system?.stop();
  });

  const submit = (headers: Record<string, string> = {}) =>
    system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      headers,
      body: {
        category: 'public-safety',
        severity: 'urgent',
        title: 'Broken fence',
        description: 'By the river',
        location: 'North yard',
      },
    });

  const caseListed = (id: string) =>
    waitFor(`case ${id} in dispatch`, async () => {
      const cases = (await system.api('GET', '/api/cases', { as: 'taskforce.dispatcher' })).body.items as Array<{
        id: string;
      }>;
      return cases.filter((c) => c.id === id).length === 1;
    });

  const publish = async (event: ReturnType<typeof testEvent>, msgID = event.id) => {
    await jetstream(nats).publish(eventSubject(ns(), event.type), JSON.stringify(event), { msgID });
  };

  /** Waits until a consumer has acked all its stream holds. */
  const consumed = (producer: ServiceName, consumer: ServiceName, type: string) =>
    waitFor(`${consumer} to ack every ${type}`, async () => {
      const info = await jsm.consumers.info(streamName(ns(), producer), consumerName(consumer, type));
      return (
        info.num_ack_pending === 0 &&
        info.num_pending === 0 &&
        info.num_redelivered === 0 &&
        info.ack_floor.consumer_seq >= info.delivered.consumer_seq
      );
    });

  const intakeEvents = async () => (await jsm.streams.info(streamName(ns(), 'intake'))).state.messages;

  const inbox = async (user: string) =>
    (await system.api('GET', '/api/inbox', { as: user })).body.items as Array<{ kind: string; taskId: string }>;

  it('applies an event once when the consumer is killed after its commit and before its ack', async () => {
    await system.stopService('notify');
    await system.startService('notify', { CW_FAILPOINTS: 'consumer.before-ack:dispatch.task.assigned' });

    const report = (await submit()).body;
    await caseListed(report.id);
    const assigned = await system.api('POST', `/api/cases/${report.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, severity: 'normal' },
    });
    const taskId = assigned.body.tasks[0].id;

    expect(await system.waitForExit('notify')).toBe('SIGKILL');
    // It died after committing: the effect is there, the ack is not.
    expect(
      (await system.query('SELECT count(*)::int AS n FROM notify.notifications WHERE task_id = $1', [taskId]))[0].n,
    ).toBe(2);

    await system.startService('notify');
    await consumed('dispatch', 'notify', 'dispatch.task.assigned');
    for (const user of ['police.handler', 'police.head']) {
      expect((await inbox(user)).filter((n) => n.kind === 'task-assigned' && n.taskId === taskId)).toHaveLength(1);
    }
  });

  it.each([
    ['between commit and publish', 'outbox.before-publish'],
    ['between publish and marking the row published', 'outbox.after-publish'],
  ])('publishes an event exactly once when the outbox relay is killed %s', async (_, failpoint) => {
    const before = await intakeEvents();
    await system.stopService('intake');
    await system.startService('intake', { CW_FAILPOINTS: `${failpoint}:intake.whistle-report.submitted` });

    const key = `crash-${failpoint}`;
    const first = await submit({ 'Idempotency-Key': key });
    expect([201, 503]).toContain(first.status); // the process may die before it answers
    expect(await system.waitForExit('intake')).toBe('SIGKILL');
    const away = await system.api('GET', `/api/whistle-reports/${randomUUID()}`, { as: 'school.reporter' });
    expect(away.status).toBe(503);
    expect(away.body.message).toBe('the intake service is not available; try again shortly');
    const [row] = await system.query('SELECT id FROM intake.whistle_reports ORDER BY submitted_at DESC LIMIT 1');
    const [outbox] = await system.query(
      "SELECT published_at FROM intake.outbox WHERE envelope->'payload'->>'reportId' = $1",
      [row.id],
    );
    expect(outbox.published_at).toBeNull();

    await system.startService('intake');
    const retried = await submit({ 'Idempotency-Key': key });
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(row.id);
    await caseListed(row.id);
    await waitFor('the outbox row to be marked published', async () => {
      const [marked] = await system.query(
        "SELECT published_at FROM intake.outbox WHERE envelope->'payload'->>'reportId' = $1",
        [row.id],
      );
      return marked.published_at !== null;
    });
    await sleep(500);
    expect((await intakeEvents()) - before).toBe(1);
  });

  it('still fires a pending deadline once after Redis lost its data and dispatch restarted', async () => {
    await system.api('PUT', '/api/sla-policies/urgent', {
      as: 'admin',
      body: { ackWithin: 'PT8S', rectifyWithin: 'P1D' },
    });
    const report = (await submit()).body;
    await caseListed(report.id);
    const assigned = await system.api('POST', `/api/cases/${report.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, severity: 'urgent' },
    });
    const task = assigned.body.tasks[0];
    await waitFor(
      'the deadline to be stored',
      async () =>
        (
          await system.query(
            `SELECT 1 FROM dispatch.deadlines WHERE task_id = $1 AND kind = 'ack' AND step = 'breach'`,
            [task.id],
          )
        ).length === 1,
    );

    await system.stopService('dispatch', 'SIGKILL');
    expect(await deleteRedisKeys(system.isolation.redisPrefix)).toBeGreaterThan(0);
    await system.startService('dispatch');
    expect(Date.now()).toBeLessThan(Date.parse(task.ackDueAt)); // re-armed before it was due

    await waitFor(
      'the breach alert',
      async () => (await inbox('supervisor')).some((n) => n.kind === 'ack-overdue' && n.taskId === task.id),
      {
        timeoutMs: 20_000,
      },
    );
    await sleep(4000); // more reconciliation rounds and any re-armed job
    expect((await inbox('supervisor')).filter((n) => n.kind === 'ack-overdue' && n.taskId === task.id)).toHaveLength(1);
    const [deadline] = await system.query(
      `SELECT fired_at FROM dispatch.deadlines WHERE task_id = $1 AND kind = 'ack' AND step = 'breach'`,
      [task.id],
    );
    expect(deadline.fired_at).not.toBeNull();
  });

  it('parks an event whose handler keeps failing, and the events command replays it once fixed', async () => {
    const events = (...args: string[]) => {
      const result = spawnSync(process.execPath, ['dist/scripts/events.js', ...args], {
        env: { ...process.env, NATS_URL: TEST_NATS_URL, NATS_NAMESPACE: ns() },
        encoding: 'utf8',
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    // Grading cannot write its projection while its table is away: every delivery fails.
    await system.query('ALTER TABLE grading.cases RENAME TO cases_away');
    type Parked = { id: string; reason: string; deliveries: number; type: string };
    let parked: Parked;
    try {
      await submit();
      parked = await waitFor(
        'the event to be parked after its last delivery',
        () => {
          const listed = events('list', 'grading');
          if (listed.status !== 0) throw new Error(listed.stderr);
          return (JSON.parse(listed.stdout) as Parked[]).find((p) => p.type === 'dispatch.case.opened');
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    } finally {
      await system.query('ALTER TABLE grading.cases_away RENAME TO cases');
    }
    expect(parked.deliveries).toBe(5); // EVENT_MAX_DELIVER
    expect(parked.reason).toMatch(/^failed 5 times: QueryFailedError: /);

    const reportsCounted = async () =>
      (await system.query("SELECT count(*)::int AS n FROM grading.cases WHERE source = 'report'"))[0].n as number;
    const before = await reportsCounted();
    const replayed = events('replay', 'grading', parked.id);
    expect(replayed).toMatchObject({ status: 0 });
    expect(JSON.parse(replayed.stdout)).toEqual({ replayed: true });
    const after = await reportsCounted();
    expect(after).toBe(before + 1);
    const again = events('replay', 'grading', parked.id);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('not found');
  });

  it('keeps retrying an event while the database refuses it, past the retry budget, and never parks it', async () => {
    // Grading's case table is locked, so its handler waits on it; each waiting attempt is then cut
    // off by the server (as in a failover), for longer than the old 7.5 s budget. A lost connection is a
    // transient cause: the event must be retried until the database is back, and never parked.
    const [{ id: schoolId }] = await system.query("SELECT id FROM identity.organisations WHERE code = 'DM-S001'");
    const count = async () =>
      (
        await system.query(
          "SELECT count(*)::int AS reported FROM grading.cases WHERE school_id = $1 AND source = 'report'",
          [schoolId],
        )
      )[0].reported as number;
    const before = await count();
    const parkedBefore = (await system.query('SELECT count(*)::int AS n FROM grading.parked_events'))[0].n as number;
    const locker = new pg.Client({ connectionString: system.isolation.databaseUrl });
    await locker.connect();
    let cut = 0;
    try {
      await locker.query('BEGIN');
      // Writers wait (EXCLUSIVE blocks inserts and updates); readers such as count() do not.
      await locker.query('LOCK TABLE grading.cases IN EXCLUSIVE MODE');
      await submit();
      const until = Date.now() + 12_000;
      while (Date.now() < until) {
        const rows = await system.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()
              AND application_name = 'campus-whistle-grading' AND wait_event_type = 'Lock'`,
        );
        cut += rows.length;
        await sleep(100);
      }
    } finally {
      await locker.query('COMMIT').catch(() => undefined);
      await locker.end();
    }
    expect(cut).toBeGreaterThanOrEqual(4); // the precondition: attempts really failed, past the old budget
    await waitFor('the report counted once the database lets it', async () => (await count()) === before + 1, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    expect((await system.query('SELECT count(*)::int AS n FROM grading.parked_events'))[0].n).toBe(parkedBefore);
    const retried = system.logLines('grading').filter((line) => line.kind === 'transient');
    expect(retried.length).toBeGreaterThanOrEqual(4);
  });

  it('gives a unit user a task notification made before their registration arrived, once', async () => {
    const unitId = randomUUID();
    const userId = randomUUID();
    const task = testEvent('dispatch.task.assigned', {
      taskId: randomUUID(),
      caseId: randomUUID(),
      reference: 'DM-2026-900001',
      unitId,
      role: 'assisting',
      ackDueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await publish(task);
    await waitFor('notify to take the task', async () => {
      const rows = await system.query('SELECT 1 FROM notify.announcements WHERE source_event_id = $1', [task.id]);
      return rows.length === 1;
    });
    const registered = testEvent('gateway.user.registered', { userId, orgId: unitId, role: 'department_handler' });
    await publish(registered);
    const inboxOf = () =>
      system.query<{ task_id: string; kind: string }>(
        'SELECT task_id, kind FROM notify.notifications WHERE user_id = $1',
        [userId],
      );
    await waitFor('the late user to get the notification', async () => (await inboxOf()).length > 0);

    // The same events again, as a publisher retry past the duplicate window would send them, add nothing.
    await publish(task, randomUUID());
    await publish(registered, randomUUID());
    await consumed('dispatch', 'notify', task.type);
    await consumed('gateway', 'notify', registered.type);
    expect(await inboxOf()).toEqual([{ task_id: task.payload.taskId, kind: 'task-assigned' }]);
  });

  it('prunes outbox rows published over a week ago and inbox rows the stream no longer holds, nothing else', async () => {
    const [oldPublished, weekOld, unpublished, oldHandled, monthOld] = Array.from({ length: 5 }, () => randomUUID());
    await system.query(
      `INSERT INTO dispatch.outbox (id, type, envelope, created_at, published_at, next_attempt_at) VALUES
         ($1, 'test.retention', '{}', now() - interval '9 days', now() - interval '8 days', now()),
         ($2, 'test.retention', '{}', now() - interval '9 days', now() - interval '6 days', now()),
         ($3, 'test.retention', '{}', now() - interval '90 days', NULL, now() + interval '1 year')`,
      [oldPublished, weekOld, unpublished],
    );
    await system.query(
      `INSERT INTO dispatch.inbox (event_id, consumer, handled_at) VALUES
         ($1, 'test', now() - interval '32 days'), ($2, 'test', now() - interval '29 days')`,
      [oldHandled, monthOld],
    );
    const outboxIds = async () =>
      (
        await system.query<{ id: string }>("SELECT id FROM dispatch.outbox WHERE type = 'test.retention' ORDER BY id")
      ).map((row) => row.id);
    await waitFor('the old rows to be pruned', async () => !(await outboxIds()).includes(oldPublished));
    await waitFor('the old inbox row to be pruned', async () => {
      const rows = await system.query('SELECT 1 FROM dispatch.inbox WHERE event_id = $1', [oldHandled]);
      return rows.length === 0;
    });
    expect(await outboxIds()).toEqual([weekOld, unpublished].sort());
    expect(await system.query('SELECT event_id FROM dispatch.inbox WHERE consumer = $1', ['test'])).toEqual([
      { event_id: monthOld },
    ]);
    await system.query("DELETE FROM dispatch.outbox WHERE type = 'test.retention'");
  });

  describe('invalid events', () => {
    const subject = () => eventSubject(ns(), 'intake.whistle-report.submitted');
    const schoolSecret = 'Li Xiaoming, grade 4, hurt behind the canteen';

    const envelope = (payload: Record<string, unknown>) => testEvent('intake.whistle-report.submitted', payload);
    const validPayload = () => ({
      reportId: randomUUID(),
      reference: `DM-2026-9${Math.floor(Math.random() * 99999)
        .toString()
        .padStart(5, '0')}`,
      schoolId: randomUUID(),
      category: 'dropout',
      severity: 'normal',
      submittedAt: new Date().toISOString(),
    });
    const parked = async () =>
      (await nats.request(rpcSubject(ns(), 'dispatch.parked-event.list'), '{}')).json<{
        ok: boolean;
        data: Array<{ id: string; reason: string; eventId: string | null }>;
      }>();

    it('parks a malformed event, logs it without its content, and goes on with the next', async () => {
      const js = jetstream(nats);
      await js.publish(subject(), `{"not json`, { msgID: randomUUID() });
      const bad = envelope({ ...validPayload(), category: schoolSecret });
      await js.publish(subject(), JSON.stringify(bad), { msgID: bad.id });
      const good = envelope(validPayload());
      await js.publish(subject(), JSON.stringify(good), { msgID: good.id });

      await caseListed((good.payload as { reportId: string }).reportId);
      const list = await waitFor('two parked events', async () => {
        const reply = await parked();
        return reply.data.length >= 2 ? reply : undefined;
      });
      expect(list.ok).toBe(true);
      expect(list.data.map((p) => p.reason)).toEqual(
        expect.arrayContaining(['body is not JSON', 'invalid payload: category: invalid_value']),
      );
      expect(list.data.find((p) => p.eventId === bad.id)).toBeDefined();
      const logs = readFileSync(join(system.logDir, 'dispatch.log'), 'utf8');
      expect(logs).toContain('event parked');
      expect(logs).not.toContain('Li Xiaoming');
    });

    it('replays a parked event once it can be handled, and refuses one that is still invalid', async () => {
      const list = (await parked()).data;
      const stillBad = list.find((p) => p.reason === 'body is not JSON')!;
      const refused = (
        await nats.request(rpcSubject(ns(), 'dispatch.parked-event.replay'), JSON.stringify({ id: stillBad.id }))
      ).json<{
        ok: boolean;
        error: { status: number; message: string };
      }>();
      expect(refused.ok).toBe(false);
      expect(refused.error.status).toBe(422);

      // An event parked after its handler kept failing (e.g. a bug since fixed) is replayed through the same pipeline.
      const event = envelope(validPayload());
      const [{ id }] = await system.query(
        `INSERT INTO dispatch.parked_events (consumer, event_id, type, data, reason, deliveries)
         VALUES ($1, $2, $3, $4, 'handler failed: test', 5) RETURNING id`,
        [consumerName('dispatch', event.type), event.id, event.type, Buffer.from(JSON.stringify(event))],
      );
      const replayed = (
        await nats.request(rpcSubject(ns(), 'dispatch.parked-event.replay'), JSON.stringify({ id }))
      ).json<{ ok: boolean }>();
      expect(replayed.ok).toBe(true);
      await caseListed((event.payload as { reportId: string }).reportId);
      expect((await parked()).data.find((p) => p.id === id)).toBeUndefined();
    });
  });
});
