import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { consumerName, eventSubject, type ServiceName, streamName } from '#libs/contracts';
import { TEST_NATS_URL, testEvent, TestSystem, waitFor } from '#libs/testing';

const BACKENDS: ServiceName[] = ['intake', 'dispatch', 'grading', 'notify'];

/**
 * Two processes of each backend service at once, sharing their database and durable consumers:
 * every effect happens once, every event is published once and every notification reaches its audience.
 */
describe('two processes of each service', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  let units: Array<{ id: string; code: string }>;
  const unit = (code: string) => units.find((u) => u.code === code)!.id;
  const ns = () => system.isolation.natsNamespace;

  beforeAll(async () => {
    system = await TestSystem.start();
    await Promise.all(BACKENDS.map((service) => system.startService(service, {}, 1)));
    nats = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nats);
    units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body.items;
  });
  afterAll(async () => {
    await nats?.close();
    await system?.stop();
  });

  /** Waits until one service's consumer of a type has acked everything its stream holds. */
  const consumed = (producer: ServiceName, consumer: ServiceName, type: string) =>
    waitFor(
      `${consumer} to ack every ${type}`,
      async () => {
        const info = await jsm.consumers.info(streamName(ns(), producer), consumerName(consumer, type));
        return (
          info.num_ack_pending === 0 &&
          info.num_pending === 0 &&
          info.ack_floor.consumer_seq >= info.delivered.consumer_seq
        );
      },
      { timeoutMs: 60_000 },
    );

  /** Event ids in a producer's stream, with how many times each is there. */
  const streamIds = async (producer: ServiceName) => {
    const stream = streamName(ns(), producer);
    const { state } = await jsm.streams.info(stream);
    const ids = new Map<string, number>();
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq });
      const id = message?.json<{ id: string }>().id;
      if (id) ids.set(id, (ids.get(id) ?? 0) + 1);
    }
    return ids;
  };

  it('runs both processes of every backend', () => {
    for (const service of BACKENDS) {
      for (const replica of [0, 1]) {
        const child = system.processOf(service, replica);
        expect(child?.exitCode).toBeNull();
        expect(child?.signalCode).toBeNull();
      }
    }
  });

  it('opens one case per report, notifies each unit user once per task, counts once and publishes each event once', async () => {
    const REPORTS = 24;
    const submitted = await Promise.all(
      Array.from({ length: REPORTS }, async (_, i) => {
        const response = await system.api('POST', '/api/whistle-reports', {
          as: 'school.reporter',
          headers: { 'Idempotency-Key': `replicas-${i}` },
          body: { category: 'bullying', severity: 'normal', title: `Report ${i}`, description: '…', location: 'Yard' },
        });
        expect(response.status).toBe(201);
        return response.body as { id: string };
      }),
    );
    const reportIds = submitted.map((r) => r.id);
    await waitFor(
      'every case to open',
      async () => {
        const cases = (await system.api('GET', '/api/cases?limit=200', { as: 'taskforce.dispatcher' })).body
          .items as Array<{
          id: string;
        }>;
        return reportIds.every((id) => cases.some((c) => c.id === id));
      },
      { timeoutMs: 60_000 },
    );

    const assigned = await Promise.all(
      reportIds.map(async (id) => {
        const response = await system.api('POST', `/api/cases/${id}/assign`, {
          as: 'taskforce.dispatcher',
          body: { leadUnitId: unit('DM-PSB'), assistingUnitIds: [unit('DM-EDU')], severity: 'normal' },
        });
        expect(response.status).toBe(200);
        return response.body as { tasks: Array<{ id: string; role: string }> };
      }),
    );
    const leadTasks = assigned.map((a) => a.tasks.find((t) => t.role === 'lead')!.id);
    const acknowledged = await Promise.all(
      leadTasks.map((id) => system.api('POST', `/api/tasks/${id}/acknowledge`, { as: 'police.handler' })),
    );
    expect(acknowledged.map((r) => r.status)).toEqual(leadTasks.map(() => 200));

    await waitFor(
      'every school copy to show ACKNOWLEDGED',
      async () => {
        const reports = await Promise.all(
          reportIds.map((id) => system.api('GET', `/api/whistle-reports/${id}`, { as: 'school.reporter' })),
        );
        return reports.every((r) => r.body.status === 'ACKNOWLEDGED');
      },
      { timeoutMs: 60_000 },
    );
    await consumed('intake', 'dispatch', 'intake.whistle-report.submitted');
    await consumed('dispatch', 'grading', 'dispatch.case.opened');
    await consumed('dispatch', 'notify', 'dispatch.task.assigned');
    await consumed('dispatch', 'grading', 'dispatch.case.status-changed');

    // One case and one opening per report.
    const [opened] = await system.query(
      `SELECT count(*)::int AS cases,
              (SELECT count(*)::int FROM dispatch.case_transitions WHERE command = 'open') AS openings,
              (SELECT count(*)::int FROM dispatch.tasks) AS tasks
         FROM dispatch.cases`,
    );
    expect(opened).toEqual({ cases: REPORTS, openings: REPORTS, tasks: 2 * REPORTS });
    // Each unit user: one notification per task of their unit.
    for (const user of ['police.handler', 'police.head']) {
      const inbox = (await system.api('GET', '/api/inbox?limit=200', { as: user })).body.items as Array<{
        kind: string;
        taskId: string;
      }>;
      const taskIds = inbox.filter((n) => n.kind === 'task-assigned').map((n) => n.taskId);
      expect(taskIds.sort()).toEqual([...leadTasks].sort());
    }
    // Grading counted each report once.
    const [stats] = await system.query("SELECT count(*)::int AS reported FROM grading.cases WHERE source = 'report'");
    expect(stats.reported).toBe(REPORTS);

    // Every outbox row was published, and its event is in the stream exactly once.
    for (const producer of ['intake', 'dispatch'] as const) {
      const rows = await system.query<{ id: string; published: boolean }>(
        `SELECT id, published_at IS NOT NULL AS published FROM ${producer}.outbox`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => !row.published)).toEqual([]);
      const inStream = await streamIds(producer);
      expect(rows.filter((row) => inStream.get(row.id) !== 1)).toEqual([]);
      expect([...inStream.values()].filter((n) => n !== 1)).toEqual([]);
    }
  });

  it('gives every new unit user each task of their unit once when registrations and tasks arrive together', async () => {
    const UNITS = 6;
    const PER_UNIT = 20;
    const js = jetstream(nats);
    const groups = Array.from({ length: UNITS }, () => ({
      unitId: randomUUID(),
      users: Array.from({ length: PER_UNIT }, (): string => randomUUID()),
      tasks: Array.from({ length: PER_UNIT }, (): string => randomUUID()),
    }));
    // Pairs in unit order, each registration beside a task for the same unit: the two consumers
    // (and the two processes) handle them at the same moment.
    const events = groups.flatMap((group) =>
      group.users.flatMap((userId, i) => [
        testEvent('gateway.user.registered', { userId, orgId: group.unitId, role: 'department_handler' }),
        testEvent('dispatch.task.assigned', {
          taskId: group.tasks[i],
          caseId: randomUUID(),
          reference: 'DM-2026-990000',
          unitId: group.unitId,
          role: 'lead',
          ackDueAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ]),
    );
    await Promise.all(events.map((e) => js.publish(eventSubject(ns(), e.type), JSON.stringify(e), { msgID: e.id })));
    await consumed('gateway', 'notify', 'gateway.user.registered');
    await consumed('dispatch', 'notify', 'dispatch.task.assigned');

    const rows = await system.query<{ user_id: string; task_id: string; n: number }>(
      `SELECT user_id, task_id, count(*)::int AS n FROM notify.notifications
        WHERE user_id = ANY($1::uuid[]) GROUP BY user_id, task_id`,
      [groups.flatMap((g) => g.users)],
    );
    const missing: string[] = [];
    for (const group of groups) {
      for (const userId of group.users) {
        const got = rows.filter((r) => r.user_id === userId);
        for (const taskId of group.tasks)
          if (!got.some((r) => r.task_id === taskId)) missing.push(`${userId}/${taskId}`);
        expect(got.filter((r) => r.n !== 1 || !group.tasks.includes(r.task_id))).toEqual([]);
      }
    }
    expect({ missing: missing.length, some: missing.slice(0, 3) }).toEqual({ missing: 0, some: [] });
    expect(rows).toHaveLength(UNITS * PER_UNIT * PER_UNIT);
  });
});
