import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep, TestSystem, waitFor } from '#libs/testing';

/**
 * The walking skeleton, over HTTP against all five services as separate processes:
 * a school blows the whistle, the task force assigns, the unit reports for duty, and a missed
 * acknowledgement deadline alerts the task force and supervisors exactly once.
 */
describe('walking skeleton', () => {
  let system: TestSystem;
  let units: Array<{ id: string; code: string }>;
  const unit = (code: string) => units.find((u) => u.code === code)!.id;

  beforeAll(async () => {
    system = await TestSystem.start();
    units = (await system.api('GET', '/api/directory/units', { as: 'school.reporter' })).body.items;
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const report = (overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      headers,
      body: {
        category: 'bullying',
        severity: 'high',
        title: 'Older students taking lunch money',
        description: 'Repeated at the east gate after school.',
        location: 'East gate',
        ...overrides,
      },
    });

  const casesWhere = async (status: string) =>
    (await system.api('GET', `/api/cases?status=${status}`, { as: 'taskforce.dispatcher' })).body.items as Array<{
      id: string;
      status: string;
    }>;

  it('signs in and lists the directory', async () => {
    const login = await system.api('POST', '/api/auth/login', {
      body: { username: 'police.handler', password: 'demo-password-for-tests' },
    });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({
      username: 'police.handler',
      role: 'department_handler',
      orgId: unit('DM-PSB'),
    });
    expect(typeof login.body.accessToken).toBe('string');

    const schools = await system.api('GET', '/api/directory/schools', { as: 'police.handler' });
    expect(schools.body.items.map((s: { code: string }) => s.code)).toEqual(['DM-S001', 'DM-S002', 'DM-S003']);
    expect(units.map((u) => u.code)).toEqual(expect.arrayContaining(['DM-PSB', 'DM-EDU', 'DM-PLC', 'DM-CULTOUR']));
  });

  it('lets an administrator change an SLA policy', async () => {
    const updated = await system.api('PUT', '/api/sla-policies/urgent', {
      as: 'admin',
      body: { ackWithin: 'PT3S', rectifyWithin: 'P1D' },
    });
    expect(updated.status).toBe(200);
    const policies = await system.api('GET', '/api/sla-policies', { as: 'taskforce.dispatcher' });
    expect(policies.body.items.map((p: { severity: string }) => p.severity)).toEqual(['urgent', 'high', 'normal']);
    expect(policies.body.nextCursor).toBeNull();
    expect(policies.body.items[0]).toMatchObject({ severity: 'urgent', ackWithin: 'PT3S', rectifyWithin: 'P1D' });
  });

  it('takes a whistle report, returns the first answer to a retry, and shows the case within a second', async () => {
    const first = await report({}, { 'Idempotency-Key': 'retry-me-1' });
    expect(first.status).toBe(201);
    expect(first.body.reference).toMatch(/^DM-\d{4}-\d{6}$/);
    expect(first.body.status).toBe('REPORTED');

    const retry = await report({}, { 'Idempotency-Key': 'retry-me-1' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);

    const started = Date.now();
    await waitFor(
      'the case to be listed',
      async () => (await casesWhere('REPORTED')).some((c) => c.id === first.body.id),
      {
        timeoutMs: 1000,
        intervalMs: 50,
      },
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await casesWhere('REPORTED')).filter((c) => c.id === first.body.id)).toHaveLength(1);

    const own = await system.api('GET', `/api/whistle-reports/${first.body.id}`, { as: 'school.reporter' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: first.body.id, location: 'East gate', status: 'REPORTED' });
    const otherSchool = await system.api('GET', `/api/whistle-reports/${first.body.id}`, { as: 'school2.reporter' });
    expect(otherSchool.status).toBe(404);
  });

  it('assigns a case, notifies the unit, and takes its acknowledgement in time without any alert', async () => {
    const submitted = (await report({ severity: 'normal' })).body;
    await waitFor('the case', async () => (await casesWhere('REPORTED')).some((c) => c.id === submitted.id));
    await system.api('PUT', '/api/sla-policies/normal', {
      as: 'admin',
      // In calendar time: a normal case counts working time by default, which outside office hours is not 4 s.
      body: { ackWithin: 'PT4S', rectifyWithin: 'P7D', clock: 'calendar' },
    });

    const assigned = await system.api('POST', `/api/cases/${submitted.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: unit('DM-PSB'), assistingUnitIds: [unit('DM-EDU')], severity: 'normal' },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe('ASSIGNED');
    expect(assigned.body.tasks).toHaveLength(2);
    const ackWindow = Date.parse(assigned.body.tasks[0].ackDueAt) - Date.now();
    expect(ackWindow).toBeGreaterThan(2000);
    expect(ackWindow).toBeLessThanOrEqual(4000);

    const tasks = (await system.api('GET', '/api/tasks', { as: 'police.handler' })).body.items as Array<
      Record<string, string>
    >;
    const leadTask = tasks.find((t) => t.caseId === submitted.id)!;
    expect(leadTask).toMatchObject({ unitId: unit('DM-PSB'), role: 'lead', status: 'ASSIGNED' });
    expect(leadTask.ackDueAt).toBe(assigned.body.tasks[0].ackDueAt);

    for (const user of ['police.handler', 'police.head']) {
      await waitFor(`${user}'s task-assigned notification`, async () => {
        const inbox = (await system.api('GET', '/api/inbox', { as: user })).body.items as Array<Record<string, string>>;
        return inbox.some((n) => n.kind === 'task-assigned' && n.taskId === leadTask.id && n.caseId === submitted.id);
      });
    }

    const ack = await system.api('POST', `/api/tasks/${leadTask.id}/acknowledge`, { as: 'police.handler' });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('ACKNOWLEDGED');
    const again = await system.api('POST', `/api/tasks/${leadTask.id}/acknowledge`, { as: 'police.head' });
    expect(again.status).toBe(409);

    const educationTask = assigned.body.tasks.find((t: { role: string }) => t.role === 'assisting');
    const notMine = await system.api('POST', `/api/tasks/${educationTask.id}/acknowledge`, { as: 'police.handler' });
    expect(notMine.status).toBe(404);

    await waitFor('the school to see ACKNOWLEDGED', async () => {
      const seen = await system.api('GET', `/api/whistle-reports/${submitted.id}`, { as: 'school.reporter' });
      return seen.body.status === 'ACKNOWLEDGED';
    });

    // Past the deadline plus a reconciliation round: the acknowledged task raised no alert.
    await sleep(Math.max(0, Date.parse(leadTask.ackDueAt) - Date.now()) + 3000);
    const supervisorInbox = (await system.api('GET', '/api/inbox', { as: 'supervisor' })).body.items as Array<
      Record<string, string>
    >;
    expect(supervisorInbox.filter((n) => n.taskId === leadTask.id)).toEqual([]);
    // The assisting unit did not acknowledge, so its task did breach.
    expect(supervisorInbox.filter((n) => n.taskId === educationTask.id && n.kind === 'ack-overdue')).toHaveLength(1);
  });

  it('alerts the task force and supervisors exactly once when an acknowledgement deadline passes', async () => {
    const submitted = (await report({ severity: 'urgent', category: 'public-safety' })).body;
    await waitFor('the case', async () => (await casesWhere('REPORTED')).some((c) => c.id === submitted.id));
    const assigned = await system.api('POST', `/api/cases/${submitted.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: unit('DM-PSB'), severity: 'urgent' },
    });
    expect(assigned.status).toBe(200);
    const taskId = assigned.body.tasks[0].id as string;

    for (const user of ['supervisor', 'taskforce.dispatcher']) {
      await waitFor(`${user}'s ack-overdue alert`, async () => {
        const inbox = (await system.api('GET', '/api/inbox', { as: user })).body.items as Array<Record<string, string>>;
        return inbox.some((n) => n.kind === 'ack-overdue' && n.taskId === taskId);
      });
    }
    // Let the delayed job, its retries and two reconciliation rounds all have their chance to fire again.
    await sleep(5000);
    for (const user of ['supervisor', 'taskforce.dispatcher']) {
      const inbox = (await system.api('GET', '/api/inbox', { as: user })).body.items as Array<Record<string, string>>;
      expect(inbox.filter((n) => n.kind === 'ack-overdue' && n.taskId === taskId)).toHaveLength(1);
    }
    const unitInbox = (await system.api('GET', '/api/inbox', { as: 'police.handler' })).body.items as Array<
      Record<string, string>
    >;
    expect(unitInbox.filter((n) => n.kind === 'ack-overdue')).toEqual([]);
  });

  it('marks a notification read for its reader only, keeping the first time it was read', async () => {
    const inboxOf = async (user: string) =>
      (await system.api('GET', '/api/inbox', { as: user })).body.items as Array<Record<string, string | null>>;
    const [notification] = (await inboxOf('police.handler')).filter((n) => n.kind === 'task-assigned');
    expect(notification.readAt).toBeNull();

    const read = await system.api('POST', `/api/inbox/${notification.id}/read`, { as: 'police.handler' });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: notification.id, taskId: notification.taskId, readAt: expect.any(String) });
    const again = await system.api('POST', `/api/inbox/${notification.id}/read`, { as: 'police.handler' });
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await inboxOf('police.handler')).find((n) => n.id === notification.id)?.readAt).toBe(read.body.readAt);

    // The head of the same unit has a copy of their own, still unread, and cannot touch the handler's.
    const headCopy = (await inboxOf('police.head')).find((n) => n.taskId === notification.taskId)!;
    expect(headCopy.readAt).toBeNull();
    const notTheirs = await system.api('POST', `/api/inbox/${notification.id}/read`, { as: 'police.head' });
    expect(notTheirs.status).toBe(404);
  });

  it("keeps grading's own projection of case events per school", async () => {
    const schools = (await system.api('GET', '/api/directory/schools', { as: 'supervisor' })).body.items as Array<{
      id: string;
      code: string;
    }>;
    const first = schools.find((s) => s.code === 'DM-S001')!.id;
    const reported = (
      await system.query('SELECT count(*)::int AS n FROM intake.whistle_reports WHERE school_id = $1', [first])
    )[0].n;
    await waitFor('grading to count every report', async () => {
      const rows = await system.query('SELECT count(*)::int AS n FROM grading.cases WHERE school_id = $1', [first]);
      return rows[0]?.n === reported;
    });
  });

  it("carries the request's correlation id through every event it causes", async () => {
    const submitted = await report({}, { 'x-correlation-id': 'corr-e2e-42' });
    expect(submitted.headers.get('x-correlation-id')).toBe('corr-e2e-42');
    const [intakeEvent] = await system.query(
      "SELECT envelope FROM intake.outbox WHERE envelope->'payload'->>'reportId' = $1",
      [submitted.body.id],
    );
    expect(intakeEvent.envelope).toMatchObject({
      correlationId: 'corr-e2e-42',
      causationId: null,
      actor: { kind: 'user' },
    });
    // Opening a case writes one event, its opening and status change number 1, descending from the intake event.
    const dispatchEvents = await waitFor('dispatch to open the case', async () => {
      const rows = await system.query(
        "SELECT envelope FROM dispatch.outbox WHERE envelope->'payload'->>'caseId' = $1 ORDER BY envelope->>'type'",
        [submitted.body.id],
      );
      return rows.length > 0 && rows.map((row) => row.envelope);
    });
    const causedByIntake = { correlationId: 'corr-e2e-42', causationId: intakeEvent.envelope.id };
    expect(dispatchEvents).toEqual([
      expect.objectContaining({
        type: 'dispatch.case.opened',
        version: 2,
        payload: expect.objectContaining({ status: 'REPORTED' }),
        ...causedByIntake,
      }),
    ]);

    // The gateway's access log names the request by its route, never by its URL or content.
    const seen = await system.api('GET', `/api/whistle-reports/${submitted.body.id}`, {
      as: 'school.reporter',
      headers: { 'x-correlation-id': 'corr-e2e-43' },
    });
    expect(seen.status).toBe(200);
    const requests = await waitFor('the access log lines', () => {
      const lines = system
        .logLines('gateway')
        .filter((line) => line.msg === 'request' && String(line.correlationId).startsWith('corr-e2e-4'));
      return lines.length === 2 && lines;
    });
    expect(requests).toEqual([
      expect.objectContaining({ method: 'POST', route: '/api/whistle-reports', status: 201, ms: expect.any(Number) }),
      expect.objectContaining({ method: 'GET', route: '/api/whistle-reports/:id', status: 200 }),
    ]);
    expect(JSON.stringify(requests)).not.toContain(submitted.body.id);
  });

  it('keeps the content of reports out of every log line and every event', async () => {
    const secrets = ['Older students taking lunch money', 'Repeated at the east gate', 'East gate'];
    for (const service of ['gateway', 'intake', 'dispatch', 'grading', 'notify']) {
      const log = readFileSync(join(system.logDir, `${service}.log`), 'utf8');
      expect(log.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(log).not.toContain(secret);
    }
    for (const schema of ['identity', 'intake', 'dispatch', 'grading', 'notify']) {
      const [{ events }] = await system.query(
        `SELECT coalesce(string_agg(envelope::text, ''), '') AS events FROM ${schema}.outbox`,
      );
      for (const secret of secrets) expect(events).not.toContain(secret);
    }
  });

  it('answers the aggregate health check, in detail to an administrator', async () => {
    expect((await system.api('GET', '/api/health')).body).toEqual({ status: 'up' });
    const health = await system.api('GET', '/api/health', { as: 'admin' });
    expect(health.status).toBe(200);
    expect(Object.keys(health.body.services).sort()).toEqual(['dispatch', 'gateway', 'grading', 'intake', 'notify']);
    for (const service of Object.values<{ checks: object }>(health.body.services)) {
      expect(service.checks).toEqual({ postgres: 'up', redis: 'up', nats: 'up', streams: 'up' });
    }
  });
});
