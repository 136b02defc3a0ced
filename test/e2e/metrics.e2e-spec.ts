import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consumerName, SERVICE_CATALOG, SERVICES, type ServiceName } from '#libs/contracts';
import { type MetricFamily, parsePrometheusText, sampleSum, TestSystem, waitFor } from '#libs/testing';

type Scrape = Map<string, MetricFamily>;
type Scrapes = Record<ServiceName, Scrape>;

const METRICS_TOKEN = randomBytes(24).toString('hex');
/** Written into every report: it must never show up in a scrape. */
const MARKER = `metrics-pii-${randomBytes(6).toString('hex')}`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * `GET /metrics` on every service of the real system: the text parses with HELP and TYPE for every
 * family, and the counters move by what a few reports, assignments and acknowledgements through the
 * gateway did, checked against the database and against each other (what one service published,
 * another consumed; what the gateway called, a service answered).
 */
describe('metrics', () => {
  let system: TestSystem;
  let robot: Server;
  let robotCalls = 0;
  let psb: string;
  const texts: string[] = [];

  beforeAll(async () => {
    // The police unit's work-chat robot, so that assignments give deliveries that are sent.
    robot = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        robotCalls += 1;
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
    // A generous RPC timeout: the counts below assume no call timed out on a busy machine.
    system = await TestSystem.start({ env: { METRICS_TOKEN, RPC_TIMEOUT_MS: '30000' } });
    const units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items as Array<{
      id: string;
      code: string;
    }>;
    psb = units.find((unit) => unit.code === 'DM-PSB')!.id;
    const webhook = await system.api('PUT', `/api/units/${psb}/webhook`, {
      as: 'admin',
      body: { kind: 'generic', url: `http://127.0.0.1:${(robot.address() as AddressInfo).port}/robot` },
    });
    expect(webhook.status).toBe(200);
    // A short acknowledgement window for urgent cases, so a deadline fires during the test.
    const policy = await system.api('PUT', '/api/sla-policies/urgent', {
      as: 'admin',
      body: { ackWithin: 'PT3S', rectifyWithin: 'P1D' },
    });
    expect(policy.status).toBe(200);
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
    await new Promise((resolve) => robot?.close(resolve));
  });

  const fetchMetrics = (service: ServiceName, authorization?: string) =>
    fetch(system.serviceUrl(service, '/metrics'), { headers: authorization ? { authorization } : {} });

  const scrape = async (service: ServiceName): Promise<Scrape> => {
    const response = await fetchMetrics(service, `Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    texts.push(text);
    return parsePrometheusText(text);
  };
  const scrapeAll = async (): Promise<Scrapes> =>
    Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await scrape(s)]))) as Scrapes;
  const delta = (before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}) =>
    sampleSum(after, name, labels) - sampleSum(before, name, labels);

  it('refuses /metrics without the token, on the gateway and on every service', async () => {
    for (const service of SERVICES) {
      const anonymous = await fetchMetrics(service);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ status: 401, error: 'unauthorized' });
      expect((await fetchMetrics(service, `Bearer ${METRICS_TOKEN}0`)).status).toBe(401);
      expect((await fetchMetrics(service, METRICS_TOKEN)).status).toBe(401);
    }
    // Through the gateway's public port with a user's token: still not metrics.
    expect((await system.api('GET', '/metrics', { as: 'admin' })).status).toBe(401);
  });

  it("serves every service's metrics in Prometheus text format, each family with HELP and TYPE and the service label", async () => {
    const scrapes = await scrapeAll();
    for (const service of SERVICES) {
      const families = scrapes[service];
      for (const [name, type] of [
        ['cw_http_request_duration_seconds', 'histogram'],
        ['cw_rpc_server_duration_seconds', 'histogram'],
        ['cw_rpc_client_duration_seconds', 'histogram'],
        ['cw_events_consumed_total', 'counter'],
        ['cw_events_redelivered_total', 'counter'],
        ['cw_events_parked_total', 'counter'],
        ['cw_events_published_total', 'counter'],
        ['cw_outbox_lag_seconds', 'gauge'],
        ['process_cpu_user_seconds_total', 'counter'],
        ['nodejs_heap_size_used_bytes', 'gauge'],
      ]) {
        expect({ service, name, type: families.get(name)?.type }).toEqual({ service, name, type });
      }
      for (const family of families.values()) {
        expect({ service, name: family.name, help: family.help.length > 0 }).toEqual({
          service,
          name: family.name,
          help: true,
        });
        for (const sample of family.samples) expect(sample.labels.service).toBe(service);
      }
      const lag = families.get('cw_outbox_lag_seconds')!.samples;
      expect(lag).toHaveLength(1);
      expect(Number.isFinite(lag[0].value) && lag[0].value >= 0).toBe(true);
      // Deadlines are dispatch's, deliveries notify's: nobody else exports them.
      expect(families.has('cw_deadlines_pending')).toBe(service === 'dispatch');
      expect(families.has('cw_notify_deliveries_total')).toBe(service === 'notify');
    }
    expect(scrapes.dispatch.get('cw_deadline_lateness_seconds')?.type).toBe('histogram');
    expect(scrapes.dispatch.get('cw_deadlines_fired_total')?.type).toBe('counter');
    expect(scrapes.notify.get('cw_notify_deliveries_waiting')?.type).toBe('gauge');
  });

  it('moves by what reports, assignments and acknowledgements did, and holds no personal data', async () => {
    const before = await scrapeAll();
    const firedBefore = await firedDeadlines();

    // Three reports; the first assigned urgent and left (its deadline fires), the others acknowledged.
    const reports: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const report = await system.api('POST', '/api/whistle-reports', {
        as: 'school.reporter',
        body: {
          category: 'bullying',
          severity: i === 0 ? 'urgent' : 'high',
          title: `Threats ${MARKER}`,
          description: `Student ${MARKER} named in the report`,
          location: `Room ${MARKER}`,
        },
      });
      expect({ status: report.status, body: report.body }).toMatchObject({ status: 201 });
      reports.push(report.body.id as string);
    }
    for (const id of reports) {
      await waitFor(
        `case ${id} to open`,
        async () => (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).status === 200,
      );
    }
    const tasks: string[] = [];
    for (const [index, id] of reports.entries()) {
      const assigned = await system.api('POST', `/api/cases/${id}/assign`, {
        as: 'taskforce.dispatcher',
        body: { leadUnitId: psb, severity: index === 0 ? 'urgent' : 'high' },
      });
      expect({ status: assigned.status, body: assigned.body }).toMatchObject({ status: 200 });
      tasks.push(assigned.body.tasks[0].id as string);
    }
    for (const taskId of tasks.slice(1)) {
      const acknowledged = await system.api('POST', `/api/tasks/${taskId}/acknowledge`, { as: 'police.handler' });
      expect({ status: acknowledged.status, body: acknowledged.body }).toMatchObject({ status: 200 });
    }

    // Settled: the urgent task's breach fired, every event published was consumed, nothing waits to be sent.
    await waitFor(
      'the breach of the urgent task',
      async () =>
        (
          await system.query(
            `SELECT count(*)::int AS n FROM dispatch.deadlines WHERE task_id = $1 AND step = 'breach' AND fired_at IS NOT NULL`,
            [tasks[0]],
          )
        )[0].n === 1,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    let after = before;
    await waitFor(
      'every event published to be consumed and every delivery settled',
      async () => {
        after = await scrapeAll();
        const quiet = SERVICES.every((s) => sampleSum(after[s], 'cw_outbox_lag_seconds') === 0);
        const consumedAll = (
          [
            ['intake', 'dispatch', 'intake.whistle-report.submitted'],
            // Everything notify turns into deliveries here (it gathers events a moment before handling them).
            ['dispatch', 'notify', 'dispatch.task.assigned'],
            ['dispatch', 'notify', 'dispatch.task.reminder-due'],
            ['dispatch', 'notify', 'dispatch.task.ack-breached'],
            ['dispatch', 'notify', 'dispatch.task.rectify-breached'],
            ['dispatch', 'notify', 'dispatch.task.escalated'],
            ['dispatch', 'notify', 'dispatch.case.status-changed'],
            ['dispatch', 'notify', 'dispatch.case.opened'],
            ['dispatch', 'intake', 'dispatch.case.status-changed'],
            ['dispatch', 'intake', 'dispatch.case.opened'],
          ] as const
        ).every(
          ([from, to, type]) =>
            delta(before[from], after[from], 'cw_events_published_total', { type }) ===
            delta(before[to], after[to], 'cw_events_consumed_total', { type }) +
              delta(before[to], after[to], 'cw_events_ignored_total', { type }),
        );
        const unsettled = await system.query(
          `SELECT count(*)::int AS n FROM notify.deliveries WHERE status IN ('queued', 'sending')`,
        );
        return quiet && consumedAll && unsettled[0].n === 0;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );

    // HTTP: route templates, counted once per request.
    expect(
      delta(before.gateway, after.gateway, 'cw_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/whistle-reports',
        status_class: '2xx',
      }),
    ).toBe(3);
    expect(
      delta(before.gateway, after.gateway, 'cw_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/cases/:id/assign',
        status_class: '2xx',
      }),
    ).toBe(3);
    expect(
      delta(before.gateway, after.gateway, 'cw_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/tasks/:id/acknowledge',
        status_class: '2xx',
      }),
    ).toBe(2);

    // RPC: what the gateway called, the service answered, by pattern and outcome.
    for (const [service, pattern, calls] of [
      ['intake', 'intake.whistle-report.submit', 3],
      ['dispatch', 'dispatch.case.assign', 3],
      ['dispatch', 'dispatch.task.acknowledge', 2],
    ] as const) {
      const labels = { pattern, outcome: 'ok' };
      expect({
        pattern,
        client: delta(before.gateway, after.gateway, 'cw_rpc_client_duration_seconds_count', labels),
      }).toEqual({ pattern, client: calls });
      expect({
        pattern,
        server: delta(before[service], after[service], 'cw_rpc_server_duration_seconds_count', labels),
      }).toEqual({ pattern, server: calls });
    }

    // Events: published by one service, consumed per type by another, matching their inboxes.
    expect(
      delta(before.intake, after.intake, 'cw_events_published_total', { type: 'intake.whistle-report.submitted' }),
    ).toBe(3);
    expect(
      delta(before.dispatch, after.dispatch, 'cw_events_consumed_total', { type: 'intake.whistle-report.submitted' }),
    ).toBe(3);
    expect(
      delta(before.dispatch, after.dispatch, 'cw_events_published_total', { type: 'dispatch.task.assigned' }),
    ).toBe(3);
    expect(delta(before.notify, after.notify, 'cw_events_consumed_total', { type: 'dispatch.task.assigned' })).toBe(3);
    const statusChanges = delta(before.dispatch, after.dispatch, 'cw_events_published_total', {
      type: 'dispatch.case.status-changed',
    });
    // Assigned, and acknowledged twice at least (each opening is a `dispatch.case.opened`).
    expect(statusChanges).toBeGreaterThanOrEqual(5);
    expect(
      delta(before.intake, after.intake, 'cw_events_consumed_total', { type: 'dispatch.case.status-changed' }),
    ).toBe(statusChanges);
    // Intake follows every report's opening as its first status.
    const opened = { type: 'dispatch.case.opened' };
    expect(delta(before.dispatch, after.dispatch, 'cw_events_published_total', opened)).toBe(3);
    expect(delta(before.intake, after.intake, 'cw_events_consumed_total', opened)).toBe(3);
    // Notify acts on the openings of urgent (and supervision) cases only: the urgent report's is handled,
    // the two others are acked without a transaction.
    expect(delta(before.notify, after.notify, 'cw_events_consumed_total', opened)).toBe(1);
    expect(delta(before.notify, after.notify, 'cw_events_ignored_total', opened)).toBe(2);
    for (const service of ['dispatch', 'intake', 'notify'] as const) {
      const consumed = sampleSum(after[service], 'cw_events_consumed_total');
      const inbox = await system.query(`SELECT count(*)::int AS n FROM ${SERVICE_CATALOG[service].schema}.inbox`);
      const redelivered = sampleSum(after[service], 'cw_events_redelivered_total');
      expect({ service, consumed: consumed - redelivered <= inbox[0].n && inbox[0].n <= consumed }).toEqual({
        service,
        consumed: true,
      });
    }
    const notifyInbox = await system.query(`SELECT count(*)::int AS n FROM notify.inbox WHERE consumer = $1`, [
      consumerName('notify', 'dispatch.task.assigned'),
    ]);
    expect(sampleSum(after.notify, 'cw_events_consumed_total', { type: 'dispatch.task.assigned' })).toBe(
      notifyInbox[0].n,
    );
    for (const service of SERVICES) {
      expect({ service, parked: delta(before[service], after[service], 'cw_events_parked_total') }).toEqual({
        service,
        parked: 0,
      });
    }

    // Deadlines: fired by step kind as the database recorded them, lateness observed once each, pending as counted.
    const fired = (await firedDeadlines()).filter((row) => !firedBefore.some((b) => b.id === row.id));
    expect(fired.some((row) => row.task_id === tasks[0] && row.step === 'breach')).toBe(true);
    for (const step of ['reminder', 'breach', 'escalation']) {
      const recorded = fired.filter((row) => row.step.split(':')[0] === step).length;
      expect({ step, fired: delta(before.dispatch, after.dispatch, 'cw_deadlines_fired_total', { step }) }).toEqual({
        step,
        fired: recorded,
      });
    }
    expect(delta(before.dispatch, after.dispatch, 'cw_deadline_lateness_seconds_count')).toBe(fired.length);
    expect(delta(before.dispatch, after.dispatch, 'cw_deadline_lateness_seconds_bucket', { le: '+Inf' })).toBe(
      fired.length,
    );
    const pendingNow = await scrape('dispatch');
    const pending = await system.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM dispatch.deadlines WHERE fired_at IS NULL AND cancelled_at IS NULL GROUP BY kind`,
    );
    for (const kind of ['ack', 'rectify']) {
      expect({ kind, pending: sampleSum(pendingNow, 'cw_deadlines_pending', { kind }) }).toEqual({
        kind,
        pending: pending.find((row) => row.kind === kind)?.n ?? 0,
      });
    }
    expect(sampleSum(pendingNow, 'cw_deadlines_pending', { kind: 'rectify' })).toBeGreaterThan(0);

    // Notifications: what the robot received, as sent deliveries of the webhook channel.
    const sent = await system.query<{ channel: string; n: number }>(
      `SELECT channel, count(*)::int AS n FROM notify.deliveries WHERE status = 'sent' GROUP BY channel`,
    );
    const webhookSent = sent.find((row) => row.channel === 'webhook')?.n ?? 0;
    expect(webhookSent).toBeGreaterThanOrEqual(3); // one per assignment to the police at least
    expect(robotCalls).toBe(webhookSent);
    for (const { channel, n } of sent) {
      expect({
        channel,
        sent: sampleSum(after.notify, 'cw_notify_deliveries_total', { channel, status: 'sent' }),
      }).toEqual({ channel, sent: n });
    }

    // No personal data, no ids: not the report's text, not a case or task id, in any scrape or label.
    for (const text of texts) {
      expect(text).not.toContain(MARKER);
      for (const id of [...reports, ...tasks]) expect(text).not.toContain(id);
    }
    for (const service of SERVICES) {
      for (const family of after[service].values()) {
        for (const sample of family.samples) {
          const values = Object.values(sample.labels).join(' ');
          expect({ name: sample.name, values, uuid: UUID.test(values) }).toMatchObject({ uuid: false });
        }
      }
    }
  }, 300_000);

  const firedDeadlines = () =>
    system.query<{ id: string; task_id: string; step: string }>(
      'SELECT id, task_id, step FROM dispatch.deadlines WHERE fired_at IS NOT NULL',
    );
});
