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
