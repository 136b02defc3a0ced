import { sleep, TestSystem, waitFor } from '#libs/testing';

/**
 * Working-time SLAs through the gateway: the county calendar and the due-date arithmetic, SLA
 * clocks and category overrides, the escalation policy, then reminders, breach and ladder with
 * windows of seconds (each step fires once, in order, none after the task moved on) and an
 * approved extension that stops the old steps.
 */
describe('working time', () => {
  let system: TestSystem;
  let psb: string;
  let edu: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    const units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body.items;
    psb = units.find((u: { code: string }) => u.code === 'DM-PSB').id;
    edu = units.find((u: { code: string }) => u.code === 'DM-EDU').id;
  });
  afterAll(async () => {
    await system?.stop();
  });

  const NOTICE_2026_WORKDAYS = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

  const reportCase = async (category = 'bullying'): Promise<string> => {
    const report = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { category, severity: 'urgent', title: 'Threats', description: 'In class 3', location: 'B' },
    });
    expect(report.status).toBe(201);
    await waitFor(`case ${report.body.id} in dispatch`, async () => {
      const found = await system.query('SELECT 1 FROM dispatch.cases WHERE id = $1', [report.body.id]);
      return found.length === 1;
    });
    return report.body.id;
  };

  const assign = async (caseId: string, assisting: string[] = []) => {
    const assigned = await system.api('POST', `/api/cases/${caseId}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, assistingUnitIds: assisting, severity: 'urgent' },
    });
    expect(assigned.status).toBe(200);
    return assigned.body.tasks as Array<{ id: string; unitId: string }>;
  };

  const setUrgentAckWithin = async (ackWithin: string) => {
    const answer = await system.api('PUT', '/api/sla-policies/urgent', {
      as: 'admin',
      body: { ackWithin, rectifyWithin: 'P1D', clock: 'calendar' },
    });
    expect(answer.status).toBe(200);
  };

  type Inboxed = { caseId: string | null; kind: string; title: string };

  const caseOf = async (taskId: string) =>
    (await system.query<{ case_id: string }>('SELECT case_id FROM dispatch.tasks WHERE id = $1', [taskId]))[0].case_id;

  /** Until a second after `at` by the database's clock (the one deadlines fire by). */
  const sleepPast = async (at: Date) => {
    const [{ ms }] = await system.query<{ ms: number }>(
      `SELECT (extract(epoch FROM $1::timestamptz - now()) * 1000)::float8 AS ms`,
      [at],
    );
    await sleep(Math.max(0, ms) + 1500);
  };

  /** The task's events in dispatch's outbox, by type, in the order their steps fired. */
  const eventsOf = (taskId: string) =>
    system.query<{ type: string; payload: Record<string, unknown> }>(
      `SELECT type, envelope->'payload' AS payload FROM dispatch.outbox
        WHERE envelope->'payload'->>'taskId' = $1 AND type LIKE 'dispatch.task.%'
          AND type NOT IN ('dispatch.task.assigned', 'dispatch.task.acknowledged')
        ORDER BY created_at, envelope->>'occurredAt'`,
      [taskId],
    );

  /** The steps of one of the task's deadlines (every task has an acknowledgement and a rectification deadline). */
  const stepsOf = (taskId: string, kind: 'ack' | 'rectify' = 'ack') =>
    system.query<{ version: number; step: string; fired: boolean; cancelled: boolean; due: Date; fired_at: Date }>(
      `SELECT version, step, fired_at IS NOT NULL AS fired, cancelled_at IS NOT NULL AS cancelled, due_at AS due, fired_at
         FROM dispatch.deadlines WHERE task_id = $1 AND kind = $2 ORDER BY version, due_at, seq`,
      [taskId, kind],
    );

  describe('the county calendar', () => {
    it('holds 2026 from the State Council notice, make-up weekend days included', async () => {
      const year = await system.api('GET', '/api/calendars/2026', { as: 'police.handler' });
      expect(year.status).toBe(200);
      expect(year.body).toMatchObject({ year: 2026, workdays: NOTICE_2026_WORKDAYS });
      expect(year.body.source).toMatch(/chinese-days/);
      expect(year.body.offDays).toHaveLength(33);
      expect(year.body.offDays).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-15', '2026-10-07']));
      expect(Number.isNaN(Date.parse(year.body.updatedAt))).toBe(false);
      expect((await system.api('GET', '/api/calendars/2025', { as: 'admin' })).body.offDays).toContain('2025-10-08');
    });

    it('answers 404 for a year it does not have and 400 for a year that is not one', async () => {
      expect((await system.api('GET', '/api/calendars/2040', { as: 'admin' })).status).toBe(404);
      const bad = await system.api('GET', '/api/calendars/soon', { as: 'admin' });
      expect(bad.status).toBe(400);
      expect(bad.body.field).toBe('year');
    });

    it('refuses a calendar from anyone but an administrator, and bad dates, writing nothing', async () => {
      const put = (as: string, body: unknown) => system.api('PUT', '/api/calendars/2040', { as, body });
      expect((await put('taskforce.dispatcher', { offDays: [], workdays: [] })).status).toBe(403);
      const cases: Array<[unknown, string]> = [
        [{ offDays: ['2040-13-01'], workdays: [] }, 'offDays.0'],
        [{ offDays: ['1 May'], workdays: [] }, 'offDays.0'],
        [{ offDays: ['2040-05-01', '2041-01-01'], workdays: [] }, 'offDays.1'],
        [{ offDays: ['2040-05-01'], workdays: ['2040-05-01'] }, 'workdays.0'],
        [{ offDays: [], workdays: ['2040-05-02'] }, 'workdays.0'], // a Wednesday
        [{ offDays: [], workdays: [], extra: 1 }, ''],
      ];
      for (const [body, field] of cases) {
        const answer = await put('admin', body);
        expect(answer.status).toBe(400);
        if (field) expect(answer.body.field).toBe(field);
      }
      expect((await system.api('GET', '/api/calendars/2040', { as: 'admin' })).status).toBe(404);
    });

    it('computes due dates in working and calendar time with the same function as the timers', async () => {
      const due = (query: string) => system.api('GET', `/api/calendars/due-date?${query}`, { as: 'police.handler' });
      const from = encodeURIComponent('2026-09-30T16:30:00+08:00');
      const working = await due(`from=${from}&within=PT2H&clock=working`);
      expect(working.status).toBe(200);
      // One office hour on 30 September, then National Day: the second hour ends 8 October 09:30.
      expect(working.body).toEqual({ dueAt: '2026-10-08T01:30:00.000Z', calendarMissing: false });
      expect((await due(`from=${from}&within=P3D&clock=working`)).body.dueAt).toBe('2026-10-10T08:30:00.000Z');
      expect((await due(`from=${from}&within=PT2H&clock=calendar`)).body).toEqual({
        dueAt: '2026-09-30T10:30:00.000Z',
        calendarMissing: false,
      });
      expect((await due(`from=${from}&within=PT2H`)).body.dueAt).toBe('2026-10-08T01:30:00.000Z');
      for (const [query, field] of [
        [`from=yesterday&within=PT2H`, 'from'],
        [`from=${from}&within=2h`, 'within'],
        [`from=${from}&within=PT2H&clock=lunar`, 'clock'],
        [`from=${from}&within=P1M&clock=working`, 'within'],
      ]) {
        const answer = await due(query);
        expect(answer.status).toBe(400);
        expect(answer.body.field).toBe(field);
      }
    });

    it('counts a year without a calendar in calendar time, and recomputes its deadlines when the year is loaded', async () => {
      const from = '2040-03-05T02:00:00.000Z'; // Monday 10:00 in the county
      const ask = () =>
        system.api('GET', `/api/calendars/due-date?from=${from}&within=P1D&clock=working`, { as: 'admin' });
      expect((await ask()).body).toEqual({ dueAt: '2040-03-06T02:00:00.000Z', calendarMissing: true });

      // A working-time rectification deadline that was counted without the 2040 calendar.
      const [task] = await assign(await reportCase());
      await system.query(`DELETE FROM dispatch.deadlines WHERE task_id = $1 AND kind = 'rectify'`, [task.id]);
      await system.query(
        `INSERT INTO dispatch.deadlines (id, task_id, kind, version, due_at, step, seq, deadline_due_at, start_at,
                                         within, clock, calendar_missing)
         VALUES (gen_random_uuid(), $1, 'rectify', 1, '2040-03-06T02:00:00Z', 'breach', 100, '2040-03-06T02:00:00Z',
                 $2, 'P1D', 'working', true)`,
        [task.id, from],
      );

      const loaded = await system.api('PUT', '/api/calendars/2040', {
        as: 'admin',
        body: { offDays: ['2040-03-06'], workdays: ['2040-03-10'], source: 'county notice 2040' },
      });
      expect(loaded.status).toBe(200);
      expect(loaded.body).toMatchObject({
        year: 2040,
        offDays: ['2040-03-06'],
        workdays: ['2040-03-10'],
        source: 'county notice 2040',
      });
      expect((await system.api('GET', '/api/calendars/2040', { as: 'admin' })).body).toEqual(loaded.body);
      expect((await ask()).body).toEqual({ dueAt: '2040-03-07T02:00:00.000Z', calendarMissing: false });

      const rectify = (await stepsOf(task.id, 'rectify')).filter((s) => s.step === 'breach');
      const old = await system.query(
        `SELECT version, cancelled_at IS NOT NULL AS cancelled, calendar_missing, due_at FROM dispatch.deadlines
          WHERE task_id = $1 AND kind = 'rectify' AND step = 'breach' ORDER BY version`,
        [task.id],
      );
      expect(rectify.length).toBeGreaterThanOrEqual(2);
      expect(old).toEqual([
        expect.objectContaining({ version: 1, cancelled: true, calendar_missing: true }),
        expect.objectContaining({ version: 2, cancelled: false, calendar_missing: false }),
      ]);
      expect(new Date(old[1].due_at).toISOString()).toBe('2040-03-07T02:00:00.000Z');

      // The case's timeline says the unit's deadline was counted again, and when it is due now.
      const view = await system.api('GET', `/api/cases/${await caseOf(task.id)}`, { as: 'taskforce.dispatcher' });
      const recount = (view.body.timeline as Array<{ command: string; reason: string }>).filter(
        (line) => line.command === 'recount-deadline',
      );
      expect(recount).toEqual([
        expect.objectContaining({ reason: expect.stringContaining('2040-03-07T02:00:00.000Z') }),
      ]);
    });

    it('tells administrators once per year when deadlines reach a year without a calendar', async () => {
      // The first year from this one on that the county calendar does not hold (another test loads 2040).
      const [{ missing }] = await system.query<{ missing: number }>(
        `SELECT min(y)::int AS missing FROM generate_series(extract(year FROM now())::int, 2100) AS y
          WHERE NOT EXISTS (SELECT 1 FROM dispatch.county_calendars c WHERE c.year = y)`,
      );
      // A working-time window long enough to end in the first year without a calendar (a year at most).
      const [{ days }] = await system.query<{ days: number }>(
        `SELECT ceil(extract(epoch FROM make_timestamptz($1, 2, 1, 0, 0, 0, 'UTC') - now()) / 86400)::int AS days`,
        [missing],
      );
      expect(days).toBeLessThanOrEqual(366); // precondition: the window is one the policy accepts
      const policy = await system.api('PUT', '/api/sla-policies/urgent', {
        as: 'admin',
        body: { ackWithin: 'PT2H', rectifyWithin: `P${days}D`, clock: 'working' },
      });
      expect(policy.status).toBe(200);
      const notices = async () =>
        (
          (await system.api('GET', '/api/inbox?kind=calendar-missing', { as: 'admin' })).body.items as Array<{
            title: string;
          }>
        ).filter((n) => n.title.includes(String(missing)));
      expect(await notices()).toEqual([]);

      const [first] = await assign(await reportCase());
      const [second] = await assign(await reportCase());
      for (const task of [first, second]) {
        const view = await system.api('GET', `/api/cases/${await caseOf(task.id)}`, { as: 'taskforce.dispatcher' });
        expect(view.body.tasks).toEqual([expect.objectContaining({ id: task.id, calendarMissing: true })]);
      }
      await waitFor('the administrator told of the missing year', async () => (await notices()).length > 0);
      await sleep(1500); // a second notice would have had time to arrive
      expect(await notices()).toHaveLength(1);
      await setUrgentAckWithin('PT2H');
    });
  });

  describe('policies', () => {
    it('gives urgent cases calendar time and the others working time unless told, and overrides one category', async () => {
      const put = (path: string, body: unknown, as = 'admin') => system.api('PUT', path, { as, body });
      const urgent = await put('/api/sla-policies/urgent', { ackWithin: 'PT2H', rectifyWithin: 'P1D' });
      expect(urgent.status).toBe(200);
      expect(urgent.body).toMatchObject({ severity: 'urgent', clock: 'calendar' });
      expect((await put('/api/sla-policies/high', { ackWithin: 'PT8H', rectifyWithin: 'P3D' })).body).toMatchObject({
        clock: 'working',
      });
      expect(
        (await put('/api/sla-policies/normal', { ackWithin: 'P1D', rectifyWithin: 'P7D', clock: 'calendar' })).body,
      ).toMatchObject({ clock: 'calendar' });
      const month = await put('/api/sla-policies/high', { ackWithin: 'PT8H', rectifyWithin: 'P1M', clock: 'working' });
      expect(month.status).toBe(400);

      const override = await put('/api/sla-policies/high/dropout', { ackWithin: 'PT4H', rectifyWithin: 'P10D' });
      expect(override.status).toBe(200);
      expect(override.body).toMatchObject({
        severity: 'high',
        category: 'dropout',
        ackWithin: 'PT4H',
        rectifyWithin: 'P10D',
        clock: 'working',
      });
      expect((await put('/api/sla-policies/high/gossip', { ackWithin: 'PT4H', rectifyWithin: 'P1D' })).body.field).toBe(
        'category',
      );
      expect(
        (await put('/api/sla-policies/high/dropout', { ackWithin: 'PT1H', rectifyWithin: 'P1D' }, 'supervisor')).status,
      ).toBe(403);
      const policies = await system.api('GET', '/api/sla-policies', { as: 'taskforce.dispatcher' });
      const high = policies.body.items.find((p: { severity: string }) => p.severity === 'high');
      expect(high.categories).toEqual([expect.objectContaining({ category: 'dropout', ackWithin: 'PT4H' })]);
    });

    it('keeps an escalation policy that only administrators read and change', async () => {
      const current = await system.api('GET', '/api/escalation-policy', { as: 'admin' });
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({
        reminderFractions: [0.5, 0.8],
        ladder: [
          { level: 1, notify: 'unit-head', after: 'PT0S' },
          { level: 2, notify: 'taskforce', after: 'PT4H' },
          { level: 3, notify: 'supervisor', after: 'P1D' },
        ],
      });
      expect((await system.api('GET', '/api/escalation-policy', { as: 'taskforce.dispatcher' })).status).toBe(403);
      const put = (body: unknown) => system.api('PUT', '/api/escalation-policy', { as: 'admin', body });
      const ladder = current.body.ladder;
      for (const [body, field] of [
        [{ reminderFractions: [0.8, 0.5], ladder }, 'reminderFractions'],
        [{ reminderFractions: [1.5], ladder }, 'reminderFractions.0'],
        [{ reminderFractions: [0.5], ladder: [{ level: 2, notify: 'taskforce', after: 'PT1S' }] }, 'ladder'],
        [{ reminderFractions: [0.5], ladder: [{ level: 1, notify: 'mayor', after: 'PT1S' }] }, 'ladder.0.notify'],
        [{ reminderFractions: [0.5], ladder: [{ level: 1, notify: 'taskforce', after: '-PT1S' }] }, 'ladder.0.after'],
      ] as const) {
        const answer = await put(body);
        expect(answer.status).toBe(400);
        expect(answer.body.field).toBe(field);
      }
      expect((await system.api('GET', '/api/escalation-policy', { as: 'admin' })).body).toEqual(current.body);
    });
  });

  describe('reminders, breach and the escalation ladder', () => {
    beforeAll(async () => {
      await setUrgentAckWithin('PT4S');
      const ladder = await system.api('PUT', '/api/escalation-policy', {
        as: 'admin',
        body: {
          reminderFractions: [0.5, 0.8],
          ladder: [
            { level: 1, notify: 'unit-head', after: 'PT0S' },
            { level: 2, notify: 'taskforce', after: 'PT1S' },
            { level: 3, notify: 'supervisor', after: 'PT2S' },
          ],
        },
      });
      expect(ladder.status).toBe(200);
    });

    const EVERY_STEP = ['reminder:0.5', 'reminder:0.8', 'breach', 'escalation:1', 'escalation:2', 'escalation:3'];

    it('fires each reminder, the breach and each rung once, in order', async () => {
      const [task] = await assign(await reportCase());
      expect((await stepsOf(task.id)).map((s) => s.step)).toEqual(EVERY_STEP);
      await waitFor('every step to fire', async () => (await stepsOf(task.id)).every((s) => s.fired), {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      await sleep(1500); // any wake-up or reconciliation left
      const steps = await stepsOf(task.id);
      for (const step of steps) expect(step.fired_at.getTime()).toBeGreaterThanOrEqual(step.due.getTime());
      const firedAt = steps.map((s) => s.fired_at.getTime());
      expect(firedAt).toEqual([...firedAt].sort((a, b) => a - b));

      const events = await eventsOf(task.id);
      expect(events.map((e) => e.type)).toEqual([
        'dispatch.task.reminder-due',
        'dispatch.task.reminder-due',
        'dispatch.task.ack-breached',
        'dispatch.task.escalated',
        'dispatch.task.escalated',
        'dispatch.task.escalated',
      ]);
      expect(events.slice(0, 2).map((e) => e.payload)).toEqual([
        expect.objectContaining({ deadline: 'ack', fraction: 0.5, unitId: psb }),
        expect.objectContaining({ deadline: 'ack', fraction: 0.8, unitId: psb }),
      ]);
      expect(events.slice(3).map((e) => [e.payload.level, e.payload.notify, e.payload.deadline])).toEqual([
        [1, 'unit-head', 'ack'],
        [2, 'taskforce', 'ack'],
        [3, 'supervisor', 'ack'],
      ]);
      // Each step reached the right inboxes, once: reminders the unit, the breach the task force and the
      // supervisors, each rung its own audience (the unit's head, the task force, the supervisors).
      const caseId = await caseOf(task.id);
      const inboxOf = async (user: string) =>
        ((await system.api('GET', '/api/inbox?limit=200', { as: user })).body.items as Array<Inboxed>)
          .filter((n) => n.caseId === caseId)
          .map((n) =>
            n.kind === 'escalation' ? `escalation:${/(\d)/.exec(n.title.replace(caseRef, ''))?.[1]}` : n.kind,
          )
          .sort();
      const caseRef = (await system.api('GET', `/api/cases/${caseId}`, { as: 'taskforce.dispatcher' })).body.reference;
      const expected: Record<string, string[]> = {
        'police.handler': ['reminder', 'reminder', 'task-assigned'],
        'police.head': ['escalation:1', 'reminder', 'reminder', 'task-assigned'],
        'taskforce.dispatcher': ['ack-overdue', 'escalation:2'],
        supervisor: ['ack-overdue', 'escalation:3'],
        'plc.handler': [],
      };
      await waitFor('every step in its inboxes', async () => (await inboxOf('supervisor')).length === 2);
      for (const [user, kinds] of Object.entries(expected)) expect([user, await inboxOf(user)]).toEqual([user, kinds]);

      // Acknowledged late: a breach on record already, nothing fires again.
      expect((await system.api('POST', `/api/tasks/${task.id}/acknowledge`, { as: 'police.handler' })).status).toBe(
        200,
      );
      await sleep(500);
      expect(await eventsOf(task.id)).toHaveLength(6);
    });

    it('fires nothing more once the task is acknowledged', async () => {
      // A longer window, so the acknowledgement surely comes between the first reminder and the breach.
      await setUrgentAckWithin('PT8S');
      const [task] = await assign(await reportCase());
      await waitFor(
        'the first reminder',
        async () => (await stepsOf(task.id)).some((s) => s.step === 'reminder:0.5' && s.fired),
        { timeoutMs: 20_000, intervalMs: 100 },
      );
      const acknowledged = await system.api('POST', `/api/tasks/${task.id}/acknowledge`, { as: 'police.handler' });
      expect(acknowledged.status).toBe(200);
      const steps = await stepsOf(task.id);
      expect(steps.filter((s) => !s.fired && !s.cancelled)).toEqual([]);
      expect(steps.find((s) => s.step === 'breach')?.fired).toBe(false);

      await sleepPast(steps.find((s) => s.step === 'escalation:3')!.due); // past the breach and every rung it had
      const events = await eventsOf(task.id);
      expect(events.every((e) => e.type === 'dispatch.task.reminder-due')).toBe(true);
      expect(events.filter((e) => e.payload.fraction === 0.5)).toHaveLength(1);
      expect(events.length).toBeLessThanOrEqual(2);
      expect((await stepsOf(task.id)).filter((s) => s.fired)).toHaveLength(events.length);
    });
  });

  describe('extensions', () => {
    it('lets the unit ask, the task force approve, and stops the old steps', async () => {
      await setUrgentAckWithin('PT15S'); // time enough to ask and decide before the old breach
      const [task, assisting] = await assign(await reportCase(), [edu]);
      const requestedDueAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
      const ask = (taskId: string, body: unknown, as = 'police.handler') =>
        system.api('POST', `/api/tasks/${taskId}/extensions`, { as, body });

      expect((await ask(assisting.id, { reason: 'Need the records', requestedDueAt })).status).toBe(404);
      expect((await ask(task.id, { reason: 'Need the records', requestedDueAt }, 'taskforce.dispatcher')).status).toBe(
        403,
      );
      const early = await ask(task.id, { reason: 'Need the records', requestedDueAt: '2020-01-01T00:00:00Z' });
      expect(early.status).toBe(400);
      expect(early.body.field).toBe('requestedDueAt');
      expect((await ask(task.id, { reason: '', requestedDueAt })).body.field).toBe('reason');

      const requested = await ask(task.id, { reason: 'Need the records', requestedDueAt });
      expect(requested.status).toBe(201);
      expect(requested.body).toEqual({ id: expect.any(String), status: 'pending' });
      expect((await ask(task.id, { reason: 'Again', requestedDueAt })).status).toBe(409);

      const decide = (body: unknown, as = 'taskforce.dispatcher') =>
        system.api('POST', `/api/extensions/${requested.body.id}/decision`, { as, body });
      expect((await decide({ approve: true, reason: 'Fine' }, 'police.handler')).status).toBe(403);
      expect((await decide({ approve: 'yes', reason: 'Fine' })).body.field).toBe('approve');
      const decided = await decide({ approve: true, reason: 'Records take time' });
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({
        id: requested.body.id,
        status: 'approved',
        deadline: 'ack',
        dueAt: requestedDueAt,
        unitExtensions: 1,
      });
      expect((await decide({ approve: false, reason: 'Changed my mind' })).status).toBe(409);

      const steps = await stepsOf(task.id);
      expect(steps.filter((s) => s.version === 1).every((s) => s.fired || s.cancelled)).toBe(true);
      const renewed = steps.filter((s) => s.version === 2);
      expect(renewed.map((s) => s.step)).toEqual([
        'reminder:0.5',
        'reminder:0.8',
        'breach',
        'escalation:1',
        'escalation:2',
        'escalation:3',
      ]);
      expect(renewed.find((s) => s.step === 'breach')?.due.toISOString()).toBe(requestedDueAt);
      const [{ ack_due_at }] = await system.query('SELECT ack_due_at FROM dispatch.tasks WHERE id = $1', [task.id]);
      expect(new Date(ack_due_at).toISOString()).toBe(requestedDueAt);

      // Past the old breach and its whole ladder.
      await sleepPast(steps.find((s) => s.version === 1 && s.step === 'escalation:3')!.due);
      const events = await eventsOf(task.id);
      expect(events.filter((e) => e.type !== 'dispatch.task.reminder-due')).toEqual([]);
      const extensionEvents = await system.query<{ type: string }>(
        `SELECT type FROM dispatch.outbox WHERE envelope->'payload'->>'extensionId' = $1 ORDER BY created_at`,
        [requested.body.id],
      );
      expect(extensionEvents.map((e) => e.type)).toEqual([
        'dispatch.extension.requested',
        'dispatch.extension.decided',
      ]);
    });
  });
});
