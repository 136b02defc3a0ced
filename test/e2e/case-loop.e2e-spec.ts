import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import sharp from 'sharp';
import { eventSubject } from '#libs/contracts';
import { type ApiResponse, TEST_NATS_URL, testEvent, TestSystem, waitFor } from '#libs/testing';

/**
 * The closed loop through the gateway, on the real servers: the bureau screens, the task force
 * assesses and assigns to a lead and an assisting unit, the units report for duty, give feedback
 * and rectify, the task force verifies or reopens, the school confirms or disputes; a unit may
 * decline, a case may be merged, and cases also open from tips and downgraded schools. Wrong
 * callers, bad input and illegal steps are refused with nothing written.
 */
describe('the closed loop', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  const units: Record<string, string> = {};
  const schools: Record<string, string> = {};

  beforeAll(async () => {
    system = await TestSystem.start({ serviceEnv: { dispatch: { CASE_AUTO_CLOSE_SWEEP_MS: '1000' } } });
    nats = await connect({ servers: TEST_NATS_URL });
    for (const unit of (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items) {
      units[unit.code] = unit.id;
    }
    for (const school of (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items) {
      schools[school.code] = school.id;
    }
  });
  afterAll(async () => {
    await nats?.close();
    await system?.stop();
  });

  // ---- helpers -----------------------------------------------------------------------------

  /** A school report whose case dispatch has opened. */
  const reportCase = async (as = 'school.reporter', overrides: Record<string, unknown> = {}) => {
    const submitted = await system.api('POST', '/api/whistle-reports', {
      as,
      body: {
        category: 'bullying',
        severity: 'high',
        title: 'Older students taking lunch money',
        description: 'At the east gate after school.',
        location: 'East gate',
        ...overrides,
      },
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    await waitFor(
      `case ${id} to open`,
      async () => (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    return id;
  };
  const caseOf = async (id: string, as = 'taskforce.dispatcher') =>
    (await system.api('GET', `/api/cases/${id}`, { as })).body;
  const post = (path: string, as: string, body?: unknown) => system.api('POST', path, { as, body });
  const ok = (response: ApiResponse, status = 200) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    return response.body;
  };
  /** A small PNG uploaded by `as`: its attachment id. */
  const photoBy = async (as: string) => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#36c' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'evidence.png');
    const response = await fetch(system.url('/api/attachments'), {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  /** What a refused request must leave as it was. */
  const snapshot = async () =>
    (
      await system.query(`SELECT
        (SELECT count(*)::int FROM dispatch.case_transitions) AS transitions,
        (SELECT count(*)::int FROM dispatch.tasks) AS tasks,
        (SELECT count(*)::int FROM dispatch.deadlines) AS deadlines,
        (SELECT count(*)::int FROM dispatch.routing_rules) AS rules,
        (SELECT count(*)::int FROM dispatch.outbox) AS events,
        (SELECT string_agg(status || disputed::text, ',' ORDER BY id) FROM dispatch.cases) AS cases,
        (SELECT string_agg(status, ',' ORDER BY id) FROM dispatch.tasks) AS "taskStates"`)
    )[0];
  const refused = async (request: () => Promise<ApiResponse>, status: number, mentions?: string | RegExp) => {
    const before = await snapshot();
    const response = await request();
    expect({ status: response.status, body: response.body }).toMatchObject({
      status,
      body: { status, error: expect.any(String), message: expect.any(String) },
    });
    if (mentions !== undefined) {
      const text = `${response.body.field ?? ''} ${response.body.message}`;
      if (typeof mentions === 'string') expect(text).toContain(mentions);
      else expect(text).toMatch(mentions);
    }
    expect(await snapshot()).toEqual(before);
    return response.body;
  };
  const pendingDeadlines = (taskId: string) =>
    system.query<{ kind: string; version: number }>(
      `SELECT kind, version FROM dispatch.deadlines WHERE task_id = $1 AND step = 'breach' AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY kind`,
      [taskId],
    );

  /** A report forwarded by the bureau, assessed, and assigned to PSB (lead) and culture (assisting). */
  const assignedCase = async () => {
    const id = await reportCase();
    ok(await post(`/api/cases/${id}/screen`, 'bureau.reviewer', { decision: 'forward', reason: 'needs departments' }));
    ok(
      await post(`/api/cases/${id}/assess`, 'taskforce.dispatcher', {
        category: 'bullying',
        severity: 'high',
        riskLevel: 'high',
      }),
    );
    const assigned = ok(
      await post(`/api/cases/${id}/assign`, 'taskforce.dispatcher', {
        leadUnitId: units['DM-PSB'],
        assistingUnitIds: [units['DM-CULTOUR']],
        severity: 'high',
      }),
    );
    const lead = assigned.tasks.find((t: { role: string }) => t.role === 'lead').id as string;
    const assisting = assigned.tasks.find((t: { role: string }) => t.role === 'assisting').id as string;
    return { id, lead, assisting };
  };
  /** The same, acknowledged by both units, with the assisting unit's feedback and the lead's rectification. */
  const rectifiedCase = async () => {
    const c = await assignedCase();
    ok(await post(`/api/tasks/${c.lead}/acknowledge`, 'police.handler'));
    ok(await post(`/api/tasks/${c.assisting}/acknowledge`, 'culture.handler'));
    ok(await post(`/api/tasks/${c.assisting}/feedback`, 'culture.handler', { summary: 'venue checks done' }));
    ok(await post(`/api/tasks/${c.lead}/rectify`, 'police.handler', { summary: 'patrols posted' }));
    return c;
  };

  // ---- the loop ------------------------------------------------------------------------------

  it("walks screen → assess (with the routing rules' proposal) → assign → ack → feedback → rectify → verify → confirm", async () => {
    const rules = await system.api('PUT', '/api/routing-rules', {
      as: 'admin',
      body: [
        { category: 'bullying', leadUnitId: units['DM-PSB'], assistingUnitIds: [units['DM-CULTOUR']] },
        { category: 'bullying', subcategory: 'cyber', leadUnitId: units['DM-EDU'], assistingUnitIds: [] },
      ],
    });
    expect(ok(rules).items).toHaveLength(2);
    expect(ok(await system.api('GET', '/api/routing-rules', { as: 'taskforce.dispatcher' })).items[1]).toEqual({
      category: 'bullying',
      subcategory: 'cyber',
      leadUnitId: units['DM-EDU'],
      assistingUnitIds: [],
    });

    const id = await reportCase();
    expect((await caseOf(id)).status).toBe('REPORTED');
    const screened = ok(
      await post(`/api/cases/${id}/screen`, 'bureau.reviewer', { decision: 'forward', reason: 'several departments' }),
    );
    expect(screened.status).toBe('FORWARDED');
    const assessed = ok(
      await post(`/api/cases/${id}/assess`, 'taskforce.dispatcher', {
        category: 'bullying',
        subcategory: 'gate',
        severity: 'high',
        riskLevel: 'high',
        note: 'repeated incidents',
      }),
    );
    expect(assessed).toMatchObject({
      status: 'ASSESSED',
      riskLevel: 'high',
      subcategory: 'gate',
      proposal: { leadUnitId: units['DM-PSB'], assistingUnitIds: [units['DM-CULTOUR']] },
    });

    const assigned = ok(
      await post(`/api/cases/${id}/assign`, 'taskforce.dispatcher', { ...assessed.proposal, severity: 'high' }),
    );
    expect(assigned.status).toBe('ASSIGNED');
    const lead = assigned.tasks.find((t: { role: string }) => t.role === 'lead');
    const assisting = assigned.tasks.find((t: { role: string }) => t.role === 'assisting');
    expect(Date.parse(lead.rectifyDueAt)).toBeGreaterThan(Date.parse(lead.ackDueAt));
    expect(await pendingDeadlines(lead.id)).toEqual([
      { kind: 'ack', version: 1 },
      { kind: 'rectify', version: 1 },
    ]);

    ok(await post(`/api/tasks/${lead.id}/acknowledge`, 'police.handler'));
    ok(await post(`/api/tasks/${assisting.id}/acknowledge`, 'culture.head'));
    expect((await caseOf(id)).status).toBe('ACKNOWLEDGED');
    ok(await post(`/api/tasks/${lead.id}/progress`, 'police.head', { note: 'talked to the families' }));
    expect((await caseOf(id)).status).toBe('IN_PROGRESS');

    await refused(
      () => post(`/api/tasks/${lead.id}/rectify`, 'police.handler', { summary: 'done' }),
      409,
      /assisting unit\(s\) have not given their feedback/,
    );
    ok(await post(`/api/tasks/${assisting.id}/feedback`, 'culture.handler', { summary: 'internet cafes checked' }));
    expect(await pendingDeadlines(assisting.id)).toEqual([]);
    // Evidence is the handler's own uploads (intake refuses any other id; see evidence.e2e-spec.ts).
    const evidence = [await photoBy('police.handler'), await photoBy('police.handler')];
    const rectified = ok(
      await post(`/api/tasks/${lead.id}/rectify`, 'police.handler', { summary: 'patrols at the gate', evidence }),
    );
    expect(rectified).toMatchObject({ status: 'RECTIFIED', rectifiedAt: expect.any(String) });
    expect(await pendingDeadlines(lead.id)).toEqual([]);

    const verified = ok(await post(`/api/cases/${id}/verify`, 'taskforce.dispatcher', { note: 'checked on site' }));
    expect(verified).toMatchObject({ status: 'VERIFIED', autoCloseAt: expect.any(String) });
    ok(await post(`/api/cases/${id}/confirm`, 'school.reporter'));

    const view = await caseOf(id);
    expect(view).toMatchObject({
      id,
      source: 'report',
      status: 'CLOSED',
      category: 'bullying',
      subcategory: 'gate',
      severity: 'high',
      riskLevel: 'high',
      schoolId: schools['DM-S001'],
      disputed: false,
      mergedInto: null,
    });
    expect(view.tasks).toEqual([
      expect.objectContaining({
        id: lead.id,
        unitId: units['DM-PSB'],
        role: 'lead',
        status: 'RECTIFIED',
        evidence,
        calendarMissing: false,
        extensions: [],
      }),
      expect.objectContaining({
        id: assisting.id,
        role: 'assisting',
        status: 'FEEDBACK_GIVEN',
        acknowledgedAt: expect.any(String),
      }),
    ]);
    expect(view.timeline.map((e: Record<string, string>) => `${e.command} ${e.from}→${e.to} ${e.actorRole}`)).toEqual([
      'open null→REPORTED null',
      'screen REPORTED→FORWARDED bureau_reviewer',
      'assess FORWARDED→ASSESSED taskforce_dispatcher',
      'assign ASSESSED→ASSIGNED taskforce_dispatcher',
      'acknowledge ASSIGNED→ACKNOWLEDGED department_handler',
      'acknowledge ACKNOWLEDGED→ACKNOWLEDGED department_head',
      'start ACKNOWLEDGED→IN_PROGRESS department_head',
      'feedback IN_PROGRESS→IN_PROGRESS department_handler',
      'rectify IN_PROGRESS→RECTIFIED department_handler',
      'verify RECTIFIED→VERIFIED taskforce_dispatcher',
      'confirm VERIFIED→CLOSED school_reporter',
    ]);
    expect(view.timeline[1]).toMatchObject({
      reason: 'several departments',
      actorId: expect.any(String),
      at: expect.any(String),
    });

    // The school follows it through intake's copy of the status, and sees its own case.
    await waitFor(
      'the school to see CLOSED',
      async () =>
        (await system.api('GET', `/api/whistle-reports/${id}`, { as: 'school.reporter' })).body.status === 'CLOSED',
    );
    expect((await caseOf(id, 'school.reporter')).status).toBe('CLOSED');
    // The status events carry the reference and the command.
    const events = await system.query(
      `SELECT envelope->'payload'->>'command' AS command, envelope->'payload'->>'reference' AS reference
         FROM dispatch.outbox WHERE type = 'dispatch.case.status-changed' AND envelope->'payload'->>'caseId' = $1
        ORDER BY (envelope->'payload'->>'sequence')::int`,
      [id],
    );
    // Change number 1, the opening, is `dispatch.case.opened` (below).
    expect(events.map((e) => e.command)).toEqual([
      'screen',
      'assess',
      'assign',
      'acknowledge',
      'start',
      'rectify',
      'verify',
      'confirm',
    ]);
    expect(new Set(events.map((e) => e.reference)).size).toBe(1);
    expect(
      await system.query(
        `SELECT 1 FROM dispatch.outbox WHERE type = 'dispatch.case.opened' AND envelope->'payload'->>'caseId' = $1
            AND envelope->'payload'->>'status' = 'REPORTED'`,
        [id],
      ),
    ).toHaveLength(1);
  });

  it('transfers a declined case back to the task force, which reassigns it', async () => {
    const c = await assignedCase();
    ok(await post(`/api/tasks/${c.assisting}/acknowledge`, 'culture.handler'));
    const declined = ok(
      await post(`/api/tasks/${c.lead}/decline`, 'police.handler', { reason: 'not a police matter' }),
    );
    expect(declined.status).toBe('DECLINED');
    expect((await caseOf(c.id)).status).toBe('TRANSFERRED');
    expect(await pendingDeadlines(c.lead)).toEqual([]);
    await refused(() => post(`/api/tasks/${c.lead}/progress`, 'police.handler', { note: 'x' }), 409, 'allowed: none');

    const reassigned = ok(
      await post(`/api/cases/${c.id}/assign`, 'taskforce.dispatcher', {
        leadUnitId: units['DM-PLC'],
        assistingUnitIds: [units['DM-CULTOUR']],
        severity: 'high',
      }),
    );
    expect(reassigned.tasks.map((t: { unitId: string; role: string }) => [t.unitId, t.role])).toEqual([
      [units['DM-PLC'], 'lead'],
      [units['DM-CULTOUR'], 'assisting'],
    ]);
    // The unit still on the case keeps its task (and its acknowledgement).
    expect(reassigned.tasks[1]).toMatchObject({ id: c.assisting, status: 'ACKNOWLEDGED' });
    ok(await post(`/api/tasks/${reassigned.tasks[0].id}/acknowledge`, 'plc.handler'));
    expect((await caseOf(c.id)).status).toBe('ACKNOWLEDGED');
  });

  it('reopens a failed verification: ASSIGNED again, with new rectification deadlines', async () => {
    const c = await rectifiedCase();
    ok(await post(`/api/cases/${c.id}/verify`, 'taskforce.dispatcher', { note: 'looks fine' }));
    const before = new Date();
    const reopened = ok(
      await post(`/api/cases/${c.id}/reopen`, 'taskforce.dispatcher', {
        reason: 'the gate is unguarded again',
        rectifyWithin: 'P2D',
      }),
    );
    const after = new Date();
    expect(reopened.status).toBe('ASSIGNED');
    // Two working days (a 'high' case's clock) from the reopening, which happened between `before` and
    // `after`: whatever weekday or holiday the test runs on, the county calendar's own answer brackets it.
    const twoWorkingDaysFrom = async (from: Date) =>
      Date.parse(
        ok(
          await system.api('GET', `/api/calendars/due-date?from=${from.toISOString()}&within=P2D&clock=working`, {
            as: 'taskforce.dispatcher',
          }),
        ).dueAt,
      );
    const [earliest, latest] = [await twoWorkingDaysFrom(before), await twoWorkingDaysFrom(after)];
    expect(latest).toBeGreaterThan(after.getTime() + 47 * 3600_000);
    const view = await caseOf(c.id);
    for (const task of view.tasks) {
      expect(task).toMatchObject({ status: 'ACKNOWLEDGED', rectifiedAt: null });
      expect(Date.parse(task.rectifyDueAt)).toBeGreaterThanOrEqual(earliest);
      expect(Date.parse(task.rectifyDueAt)).toBeLessThanOrEqual(latest);
      expect(await pendingDeadlines(task.id)).toEqual([{ kind: 'rectify', version: 2 }]);
    }
    expect(view.timeline.slice(-2).map((e: Record<string, string>) => `${e.command}:${e.to}:${e.reason}`)).toEqual([
      'reopen:REOPENED:the gate is unguarded again',
      'assign:ASSIGNED:the gate is unguarded again',
    ]);
    ok(await post(`/api/tasks/${c.assisting}/feedback`, 'culture.handler', { summary: 'checked again' }));
    ok(await post(`/api/tasks/${c.lead}/rectify`, 'police.head', { summary: 'guard posted' }));
    expect((await caseOf(c.id)).status).toBe('RECTIFIED');
  });

  it('puts a disputed case back in the task force queue, and closes a verified one left unanswered', async () => {
    const c = await rectifiedCase();
    ok(await post(`/api/cases/${c.id}/verify`, 'taskforce.dispatcher', { note: 'fine' }));
    await refused(
      () => post(`/api/cases/${c.id}/dispute`, 'school2.reporter', { reason: 'not ours' }),
      404,
      'case not found',
    );
    const disputed = ok(await post(`/api/cases/${c.id}/dispute`, 'school.reporter', { reason: 'it still happens' }));
    expect(disputed).toMatchObject({ status: 'RECTIFIED', disputed: true, autoCloseAt: null });

    ok(await post(`/api/cases/${c.id}/verify`, 'taskforce.dispatcher', { note: 'checked again with the school' }));
    // Five days later, by Postgres's clock: the sweep closes it.
    await system.query(`UPDATE dispatch.cases SET auto_close_at = now() - interval '1 second' WHERE id = $1`, [c.id]);
    await waitFor('the case to close itself', async () => (await caseOf(c.id)).status === 'CLOSED', {
      timeoutMs: 20_000,
    });
    expect((await caseOf(c.id)).timeline.at(-1)).toMatchObject({
      command: 'close',
      actorRole: null,
      from: 'VERIFIED',
      to: 'CLOSED',
    });
  });

  it('merges a duplicate into the surviving case and stops its deadlines', async () => {
    const c = await assignedCase();
    const survivor = await reportCase('school2.reporter');
    ok(
      await post(`/api/cases/${c.id}/merge`, 'taskforce.dispatcher', { intoCaseId: survivor, reason: 'same incident' }),
    );
    const view = await caseOf(c.id);
    expect(view).toMatchObject({ status: 'MERGED', mergedInto: survivor });
    expect(view.tasks.map((t: { status: string }) => t.status)).toEqual(['SUPERSEDED', 'SUPERSEDED']);
    expect([...(await pendingDeadlines(c.lead)), ...(await pendingDeadlines(c.assisting))]).toEqual([]);
    await refused(() => post(`/api/tasks/${c.lead}/acknowledge`, 'police.handler'), 409);
    await refused(
      () => post(`/api/cases/${survivor}/merge`, 'taskforce.dispatcher', { intoCaseId: c.id, reason: 'back' }),
      409,
      /must still be open/,
    );
  });

  it('opens cases from an escalated tip, a life-safety report and a downgraded school, straight in the task force queue', async () => {
    const tipId = randomUUID();
    const tip = testEvent(
      'intake.tip.escalated',
      {
        tipId,
        reference: 'DM-T-2026-000001',
        schoolId: schools['DM-S002'],
        category: 'bullying',
        severity: 'high',
        lifeSafety: false,
        escalatedAt: new Date().toISOString(),
      },
      1,
      'intake',
    );
    const downgrade = testEvent(
      'grading.school.downgraded',
      {
        schoolId: schools['DM-S003'],
        quarter: '2026-Q3',
        fromTier: 'compliant',
        toTier: 'non-compliant',
        publishedAt: new Date().toISOString(),
      },
      1,
      'grading',
    );
    const js = jetstream(nats);
    for (const event of [tip, downgrade, downgrade]) {
      await js.publish(eventSubject(system.isolation.natsNamespace, event.type), JSON.stringify(event), {
        msgID: randomUUID(),
      });
    }
    await waitFor(
      'the tip case',
      async () => (await system.api('GET', `/api/cases/${tipId}`, { as: 'supervisor' })).status === 200,
    );
    expect(await caseOf(tipId)).toMatchObject({ source: 'tip', status: 'FORWARDED', reference: 'DM-T-2026-000001' });
    const supervision = await waitFor('the supervision case', async () => {
      const page = (await system.api('GET', `/api/cases?schoolId=${schools['DM-S003']}`, { as: 'supervisor' })).body;
      return page.items.find((item: { source: string }) => item.source === 'supervision');
    });
    expect(supervision).toMatchObject({
      status: 'FORWARDED',
      reference: expect.stringMatching(/^DM-SUP-\d{4}-\d{6}$/),
    });
    // The downgrade delivered twice (two message ids) opened one case.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const supervisionCases = await system.query(`SELECT id FROM dispatch.cases WHERE source = 'supervision'`);
    expect(supervisionCases).toHaveLength(1);
    // The task force may assign it at once.
    ok(
      await post(`/api/cases/${supervision.id}/assign`, 'taskforce.dispatcher', {
        leadUnitId: units['DM-EDU'],
        severity: 'high',
      }),
    );
  });

  it('filters cases by status, unit, school and overdue', async () => {
    const c = await assignedCase();
    const list = async (query: string) =>
      (
        ok(await system.api('GET', `/api/cases?${query}`, { as: 'taskforce.dispatcher' })).items as Array<{
          id: string;
        }>
      ).map((i) => i.id);
    expect(await list(`unitId=${units['DM-CULTOUR']}&status=ASSIGNED`)).toContain(c.id);
    expect(await list(`unitId=${units['DM-PLC']}&status=ASSIGNED`)).not.toContain(c.id);
    expect(await list(`schoolId=${schools['DM-S001']}`)).toContain(c.id);
    expect(await list(`schoolId=${schools['DM-S002']}`)).not.toContain(c.id);
    expect(await list('overdue=true')).not.toContain(c.id);
    await system.query(`UPDATE dispatch.tasks SET ack_due_at = now() - interval '1 minute' WHERE id = $1`, [c.lead]);
    expect(await list('overdue=true')).toContain(c.id);
    expect(await list('overdue=false')).not.toContain(c.id);
  });

  // ---- refusals ----------------------------------------------------------------------------

  it('answers an illegal step with a 409 naming the allowed commands, and writes nothing', async () => {
    const id = await reportCase();
    await refused(
      () => post(`/api/cases/${id}/verify`, 'taskforce.dispatcher', { note: 'too early' }),
      409,
      'a case that is REPORTED cannot be sent "verify"; allowed: screen, assess, assign, merge',
    );
    ok(await post(`/api/cases/${id}/screen`, 'bureau.reviewer', { decision: 'reject', reason: 'not a safety matter' }));
    await refused(
      () =>
        post(`/api/cases/${id}/assess`, 'taskforce.dispatcher', {
          category: 'dropout',
          severity: 'normal',
          riskLevel: 'low',
        }),
      409,
      'allowed: none',
    );
    await refused(() => post(`/api/cases/${id}/confirm`, 'school.reporter'), 409, /REJECTED cannot be sent "confirm"/);
    await waitFor(
      'the school to see REJECTED',
      async () =>
        (await system.api('GET', `/api/whistle-reports/${id}`, { as: 'school.reporter' })).body.status === 'REJECTED',
    );
  });

  it("refuses wrong callers: 403 for a role, 404 for another school's or unit's object", async () => {
    const c = await assignedCase();
    await refused(
      () => post(`/api/cases/${c.id}/screen`, 'taskforce.dispatcher', { decision: 'forward', reason: 'x' }),
      403,
    );
    await refused(() => post(`/api/cases/${c.id}/verify`, 'bureau.reviewer', { note: 'x' }), 403);
    await refused(() => post(`/api/cases/${c.id}/confirm`, 'taskforce.dispatcher'), 403);
    await refused(() => system.api('PUT', '/api/routing-rules', { as: 'taskforce.dispatcher', body: [] }), 403);
    await refused(() => system.api('GET', '/api/routing-rules', { as: 'school.reporter' }), 403);
    await refused(() => system.api('GET', `/api/cases/${c.id}`, { as: 'inspector' }), 403);
    await refused(
      () => post(`/api/tasks/${c.assisting}/feedback`, 'police.handler', { summary: 'x' }),
      404,
      'task not found',
    );
    await refused(
      () => post(`/api/tasks/${c.lead}/decline`, 'culture.handler', { reason: 'x' }),
      404,
      'task not found',
    );
    await refused(() => system.api('GET', `/api/cases/${c.id}`, { as: 'school2.reporter' }), 404, 'case not found');
    await refused(() => system.api('GET', `/api/cases/${c.id}`, { as: 'plc.handler' }), 404, 'case not found');
    await refused(() => system.api('GET', `/api/cases/${randomUUID()}`, { as: 'supervisor' }), 404, 'case not found');
    // A unit sees the case it works on, with its own task only.
    const seen = await caseOf(c.id, 'culture.head');
    expect(seen.tasks.map((t: { id: string }) => t.id)).toEqual([c.assisting]);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const c = await assignedCase();
    const cases = [
      [`/api/cases/${c.id}/screen`, 'bureau.reviewer', { decision: 'maybe', reason: 'x' }, 'decision'],
      [`/api/cases/${c.id}/screen`, 'bureau.reviewer', { decision: 'forward' }, 'reason'],
      [`/api/cases/${c.id}/screen`, 'bureau.reviewer', { decision: 'forward', reason: '   ' }, 'reason'],
      [
        `/api/cases/${c.id}/assess`,
        'taskforce.dispatcher',
        { category: 'bullying', severity: 'high', riskLevel: 'extreme' },
        'riskLevel',
      ],
      [
        `/api/cases/${c.id}/assess`,
        'taskforce.dispatcher',
        { category: 'bullying', subcategory: 'No Spaces!', severity: 'high', riskLevel: 'low' },
        'subcategory',
      ],
      [
        `/api/cases/${c.id}/reopen`,
        'taskforce.dispatcher',
        { reason: 'x', rectifyWithin: 'tomorrow' },
        'rectifyWithin',
      ],
      [`/api/cases/${c.id}/merge`, 'taskforce.dispatcher', { intoCaseId: c.id, reason: 'x' }, 'intoCaseId'],
      [`/api/cases/${c.id}/merge`, 'taskforce.dispatcher', { intoCaseId: randomUUID(), reason: 'x' }, 'intoCaseId'],
      [`/api/cases/not-a-case/verify`, 'taskforce.dispatcher', { note: 'x' }, 'caseId'],
      [`/api/tasks/${c.lead}/rectify`, 'police.handler', { summary: 'x', evidence: ['photo.jpg'] }, 'evidence.0'],
      [`/api/tasks/${c.lead}/progress`, 'police.handler', { note: 'x', extra: 1 }, 'extra'],
      [`/api/tasks/${c.assisting}/feedback`, 'culture.handler', {}, 'summary'],
      [`/api/tasks/${c.lead}/decline`, 'police.handler', { reason: 'x'.repeat(2001) }, 'reason'],
    ] as const;
    for (const [path, as, body, field] of cases) {
      const response = await refused(() => post(path, as, body), 400, field);
      expect(response.field ?? response.message).toContain(field);
    }
    await refused(
      () =>
        system.api('PUT', '/api/routing-rules', {
          as: 'admin',
          body: [{ category: 'bullying', leadUnitId: schools['DM-S001'] }],
        }),
      400,
      'rules.0.leadUnitId',
    );
    await refused(
      () =>
        system.api('PUT', '/api/routing-rules', {
          as: 'admin',
          body: [
            { category: 'dropout', leadUnitId: units['DM-EDU'] },
            { category: 'dropout', leadUnitId: units['DM-PSB'] },
          ],
        }),
      400,
      'rules.1',
    );
    await refused(() => system.api('GET', '/api/cases?overdue=yes', { as: 'supervisor' }), 400, 'overdue');
    await refused(() => system.api('GET', '/api/cases?unitId=DM-PSB', { as: 'supervisor' }), 400, 'unitId');
  });
});
