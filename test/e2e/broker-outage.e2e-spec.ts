import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateNats, sleep, TestSystem, waitFor } from '#libs/testing';

/**
 * The broker goes away while a deadline passes: the breach is committed to dispatch's outbox,
 * published once NATS is back, and reaches the task force exactly once. Runs against a NATS
 * server of its own so that stopping it disturbs nobody else; like a production broker, it
 * requires a user and password, given to the services in NATS_URL.
 */
describe('broker outage', () => {
  let nats: PrivateNats;
  let system: TestSystem;

  const password = randomBytes(12).toString('hex');
  const reportBody = {
    category: 'bullying',
    severity: 'normal',
    title: 'Name-calling',
    description: 'In the corridor',
    location: 'Block A',
  };

  beforeAll(async () => {
    nats = await PrivateNats.start({ user: 'campus-whistle', password });
    system = await TestSystem.start({ env: { NATS_URL: nats.url } });
  });
  afterAll(async () => {
    await system?.stop();
    await nats?.stop();
  });

  it('loses no event and repeats none while NATS is down', async () => {
    const units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body.items;
    const psb = units.find((u: { code: string }) => u.code === 'DM-PSB').id;
    await system.api('PUT', '/api/sla-policies/urgent', {
      as: 'admin',
      body: { ackWithin: 'PT3S', rectifyWithin: 'P1D' },
    });
    const report = (
      await system.api('POST', '/api/whistle-reports', {
        as: 'school.reporter',
        body: {
          category: 'bullying',
          severity: 'urgent',
          title: 'Threats',
          description: 'In class 3',
          location: 'Block B',
        },
      })
    ).body;
    await waitFor('the case', async () => {
      const cases = (await system.api('GET', '/api/cases', { as: 'taskforce.dispatcher' })).body.items as Array<{
        id: string;
      }>;
      return cases.some((c) => c.id === report.id);
    });
    const assigned = await system.api('POST', `/api/cases/${report.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, severity: 'urgent' },
    });
    const task = assigned.body.tasks[0];
    await system.tokenFor('supervisor'); // signed in before the outage: the gateway checks tokens itself

    await nats.outage();
    const down = await system.api('GET', '/api/inbox', { as: 'supervisor' });
    expect(down.status).toBe(503);
    expect(down.body.message).toMatch(/notify service/);

    // The deadline passes while the broker is away: the breach waits in dispatch's outbox.
    await waitFor(
      'the breach to be committed',
      async () => {
        const [row] = await system.query(
          `SELECT published_at FROM dispatch.outbox WHERE type = 'dispatch.task.ack-breached'
            AND envelope->'payload'->>'taskId' = $1`,
          [task.id],
        );
        return row && row.published_at === null;
      },
      { timeoutMs: 15_000 },
    );

    await nats.resume();
    await waitFor(
      'the alert after the outage',
      async () => {
        const inbox = await system.api('GET', '/api/inbox', { as: 'supervisor' });
        return inbox.status === 200 && inbox.body.items.some((n: { taskId: string }) => n.taskId === task.id);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await sleep(3000);
    const inbox = (await system.api('GET', '/api/inbox', { as: 'supervisor' })).body.items as Array<{
      kind: string;
      taskId: string;
    }>;
    expect(inbox.filter((n) => n.kind === 'ack-overdue' && n.taskId === task.id)).toHaveLength(1);
  });

  it('recreates lost streams and consumers at run time after NATS restarted without its data', async () => {
    const before = await waitFor(
      'a healthy system',
      async () => (await system.api('GET', '/api/health')).status === 200,
    );
    expect(before).toBe(true);
    await nats.restartWithoutData();
    // Health says what is wrong until the services have made their streams again.
    const degraded = await waitFor(
      'health to report the lost streams, or the services to have recreated them already',
      async () => {
        // The details are for administrators; anonymous callers learn only up or down.
        const health = await system.api('GET', '/api/health', { as: 'admin' });
        return health.status === 200 || JSON.stringify(health.body).includes('"streams":"down"') ? health : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect([200, 503]).toContain(degraded.status);
    await waitFor('a healthy system again', async () => (await system.api('GET', '/api/health')).status === 200, {
      timeoutMs: 30_000,
      intervalMs: 250,
    });

    // Publishing and consuming work again without restarting any service.
    const report = (await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body: reportBody })).body;
    await waitFor(
      'the new report to open a case in dispatch',
      async () => (await system.query('SELECT 1 FROM dispatch.cases WHERE id = $1', [report.id])).length === 1,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  });

  it('republishes events the broker lost after it had them, and nothing is applied twice', async () => {
    // Dispatch is away while intake publishes: the events wait in the stream, which is then lost.
    await system.stopService('dispatch');
    const since = new Date(Date.now() - 1000).toISOString();
    const reports = [];
    for (let i = 0; i < 3; i += 1) {
      reports.push(
        (await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body: reportBody })).body,
      );
    }
    const ids = reports.map((r: { id: string }) => r.id);
    await waitFor(
      'intake to publish them',
      async () =>
        (
          await system.query(
            `SELECT count(*)::int AS n FROM intake.outbox WHERE published_at IS NOT NULL
              AND envelope->'payload'->>'reportId' = ANY($1)`,
            [ids],
          )
        )[0].n === 3,
    );
    await nats.restartWithoutData();
    await system.startService('dispatch');
    await sleep(2000);
    expect((await system.query('SELECT count(*)::int AS n FROM dispatch.cases WHERE id = ANY($1)', [ids]))[0].n).toBe(
      0,
    );

    const republish = spawnSync(process.execPath, ['dist/scripts/events.js', 'republish', 'intake', '--since', since], {
      env: { ...process.env, NATS_URL: nats.url, NATS_NAMESPACE: system.isolation.natsNamespace },
      encoding: 'utf8',
    });
    expect(republish.status).toBe(0);
    expect(JSON.parse(republish.stdout).republishing).toBeGreaterThanOrEqual(3);
    await waitFor(
      'the lost reports to open their cases',
      async () =>
        (await system.query('SELECT count(*)::int AS n FROM dispatch.cases WHERE id = ANY($1)', [ids]))[0].n === 3,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    // A second republish of the same window changes nothing: the inboxes have every event.
    const transitions = async () =>
      (await system.query('SELECT count(*)::int AS n FROM dispatch.case_transitions WHERE case_id = ANY($1)', [ids]))[0]
        .n as number;
    const once = await transitions();
    expect(
      spawnSync(process.execPath, ['dist/scripts/events.js', 'republish', 'intake', '--since', since], {
        env: { ...process.env, NATS_URL: nats.url, NATS_NAMESPACE: system.isolation.natsNamespace },
      }).status,
    ).toBe(0);
    await sleep(3000);
    expect(await transitions()).toBe(once);
  });

  it('refuses to start a service with the wrong NATS password, saying why without the password', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    await system.stopService('grading');
    await expect(
      system.startService('grading', { NATS_URL: nats.url.replace(`:${password}@`, `:${wrong}@`) }),
    ).rejects.toThrow(/grading exited \(1\)/);
    const log = readFileSync(join(system.logDir, 'grading.log'), 'utf8');
    const failure = system.logLines('grading').find((line) => line.msg === 'grading failed to start');
    expect(failure?.err).toMatch(/authorization violation/i);
    expect(log).not.toContain(wrong);
    expect(log).not.toContain(password);
    await system.startService('grading');
  });
});
