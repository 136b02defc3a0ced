import { DateTime } from 'luxon';
import sharp from 'sharp';
import { ROLES, ROUTE_LIST, type RouteDefinition, type RouteName, Routes } from '#libs/contracts';
import { type ApiResponse, TestSystem, waitFor, DEMO_USER_OF_ROLE } from '#libs/testing';

/**
 * The authorization matrix, derived from the route definitions and run against the real system:
 * every route × every role (and no token) is answered by the role gate as its definition says; and
 * every route that reaches an organisation's object is tried by a user of that organisation and by
 * one of another organisation the route's roles allow: the same request, refused (403 or 404) for
 * the outsider and accepted (or refused only for the object's state) for the owner.
 */
describe('authorization matrix', () => {
  let system: TestSystem;

  /** A harmless value for each path parameter, for the role gate (the object need not exist). */
  const SAMPLE_PARAM: Record<string, string> = {
    id: '00000000-0000-4000-8000-000000000000',
    otherId: '00000000-0000-4000-8000-000000000001',
    year: '2026',
    quarter: '2026-Q1',
    periodStart: '2026-01-05',
    severity: 'urgent',
    category: 'bullying',
    term: '2026-autumn',
    version: '1',
    file: 'index.html',
  };
  /**
   * Routes with a path parameter that every caller the route allows may use on any object: reference
   * data, the county-wide roles' work, or the administrator's. The rest must be in the scoped table.
   */
  const COUNTY_WIDE: ReadonlySet<RouteName> = new Set<RouteName>([
    'GatewayUpdateUser',
    'GatewayUpdateOrganisation',
    'GatewayRetireOrganisation',
    'GatewayReinstateOrganisation',
    'GatewayDocsFile',
    'IntakeGetTip',
    'IntakePostTipMessage',
    'IntakeTriageTip',
    'IntakeListDuplicates',
    'IntakeDismissDuplicate',
    'DispatchAssignCase',
    'DispatchScreenCase',
    'DispatchAssessCase',
    'DispatchVerifyCase',
    'DispatchReopenCase',
    'DispatchMergeCase',
    'DispatchDecideExtension',
    'DispatchUpdateSlaPolicy',
    'DispatchUpdateSlaPolicyOverride',
    'DispatchGetCalendar',
    'DispatchUpdateCalendar',
    'DispatchGetBiweeklyReview',
    'DispatchGetBiweeklyReviewPdf',
    'DispatchGetBiweeklyReviewDocx',
    'GradingGetRubric',
    'GradingGetGrading',
    'GradingPublishGrading',
    'GradingDecideAppeal',
    'GradingGetBulletinJson',
    'GradingGetBulletinPdf',
    'NotifySetUnitWebhook',
  ]);
  /** The scoped routes the second part tried, each with an outsider and an owner. */
  const tried = new Map<RouteName, { outsiders: Set<string>; owners: Set<string> }>();

  const schools: Record<string, string> = {};
  const units: Record<string, string> = {};

  beforeAll(async () => {
    system = await TestSystem.start();
    for (const school of (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items) {
      schools[school.code] = school.id;
    }
    for (const unit of (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items) {
      units[unit.code] = unit.id;
    }
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const pathOf = (route: RouteDefinition, params: Record<string, string>) =>
    route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => params[name] ?? SAMPLE_PARAM[name]);
  const call = (route: RouteDefinition, as: string | undefined, params: Record<string, string> = {}, body?: unknown) =>
    system.api(route.method, pathOf(route, params), {
      as,
      ...(route.method === 'GET' ? {} : { body: body ?? {} }),
    });

  it('answers every route for every role as its definition says: 401 without a token, 403 for a role not listed', async () => {
    const gated = ROUTE_LIST.filter((route) => route.access !== 'public');
    expect(gated.length).toBeGreaterThan(60);
    const cells: Array<{ route: string; caller: string; status: number; expected: string }> = [];
    for (const route of gated) {
      const allowed = route.access === 'signed-in' ? ROLES : (route.access as readonly string[]);
      cells.push({
        route: route.name,
        caller: 'anonymous',
        status: (await call(route, undefined)).status,
        expected: '401',
      });
      for (const role of ROLES) {
        const { status } = await call(route, DEMO_USER_OF_ROLE[role]);
        const expected = !allowed.includes(role)
          ? '403'
          : route.path.includes(':')
            ? 'not 401, below 500' // another organisation's object may well be 403 or 404
            : 'neither 401 nor 403, below 500';
        cells.push({ route: route.name, caller: role, status, expected });
      }
    }
    const wrong = cells.filter(({ status, expected }) =>
      expected === '401' || expected === '403'
        ? String(status) !== expected
        : status === 401 || status >= 500 || (expected.startsWith('neither') && status === 403),
    );
    expect(cells.length).toBe(gated.length * (ROLES.length + 1));
    expect(wrong).toEqual([]);
  }, 300_000);

  it('lets anyone call the public routes', async () => {
    const open = ROUTE_LIST.filter((route) => route.access === 'public');
    expect(open.length).toBeGreaterThan(5);
    for (const route of open) {
      const { status } = await call(route, undefined);
      expect({ route: route.name, status: status === 401 || status === 403 || status >= 500 }).toEqual({
        route: route.name,
        status: false,
      });
    }
  });

  // ---- the same request from another organisation and from the owner -------------------------

  const ACCEPTED = (status: number) => status < 300;
  /** Refused for the object's state, not for who asked. */
  const CONFLICT = (status: number) => status === 409;
  /**
   * The outsiders' requests first, each refused with 403 or 404; then the owners', each accepted (or,
   * where said, refused only for the object's state): the object and the request were sound.
   */
  const scoped = async (
    name: RouteName,
    parties: { outsiders: string[]; owners: string[] },
    params: Record<string, string>,
    body?: unknown,
    ownerPasses: (status: number) => boolean = ACCEPTED,
  ): Promise<ApiResponse> => {
    const route = Routes[name] as RouteDefinition;
    const seen = tried.get(name) ?? { outsiders: new Set<string>(), owners: new Set<string>() };
    tried.set(name, seen);
    for (const outsider of parties.outsiders) {
      const { status, body: answer } = await call(route, outsider, params, body);
      expect({ name, outsider, status, refused: status === 403 || status === 404 }).toEqual({
        name,
        outsider,
        status,
        refused: true,
      });
      expect(answer).toMatchObject({ status, error: expect.any(String) });
      seen.outsiders.add(outsider);
    }
    let last: ApiResponse | undefined;
    for (const owner of parties.owners) {
      last = await call(route, owner, params, body);
      expect({ name, owner, status: last.status, body: last.body, passes: ownerPasses(last.status) }).toMatchObject({
        name,
        owner,
        passes: true,
      });
      seen.owners.add(owner);
    }
    return last!;
  };

  it("keeps each organisation's objects to itself, route by route", async () => {
    const s001 = schools['DM-S001'];
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'evidence.png');
    const uploaded = await fetch(system.url('/api/attachments'), {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${await system.tokenFor('school.reporter')}` },
    });
    expect(uploaded.status).toBe(201);
    const attachmentId = ((await uploaded.json()) as { id: string }).id;

    const filed = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'bullying',
        severity: 'high',
        title: 'Matrix report',
        description: 'Older students at the east gate.',
        location: 'East gate',
        attachmentIds: [attachmentId],
      },
    });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    await waitFor(
      'the case in dispatch',
      async () => (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );

    // The school's report, its evidence and its case: the school, not another school or a department.
    await scoped(
      'IntakeGetWhistleReport',
      { outsiders: ['school2.reporter', 'police.handler', 'culture.head'], owners: ['school.reporter'] },
      { id },
    );
    await scoped(
      'IntakeDownloadAttachment',
      { outsiders: ['school2.reporter', 'culture.handler'], owners: ['school.reporter'] },
      { id: attachmentId },
    );
    await scoped(
      'IntakePostReportMessage',
      { outsiders: ['school2.reporter'], owners: ['school.reporter'] },
      { id },
      { text: 'The gate camera was fixed today.' },
    );
    await scoped(
      'DispatchGetCase',
      { outsiders: ['school2.reporter', 'police.handler', 'culture.head'], owners: ['school.reporter'] },
      { id },
    );

    // Assigned to the police: now theirs too, and still no other department's.
    const post = (path: string, as: string, body: unknown) => system.api('POST', path, { as, body });
    expect(
      (await post(`/api/cases/${id}/screen`, 'bureau.reviewer', { decision: 'forward', reason: 'departments' })).status,
    ).toBe(200);
    expect(
      (
        await post(`/api/cases/${id}/assess`, 'taskforce.dispatcher', {
          category: 'bullying',
          severity: 'high',
          riskLevel: 'high',
        })
      ).status,
    ).toBe(200);
    const assigned = await post(`/api/cases/${id}/assign`, 'taskforce.dispatcher', {
      leadUnitId: units['DM-PSB'],
      assistingUnitIds: [],
      severity: 'high',
    });
    expect(assigned.status).toBe(200);
    const task = (assigned.body.tasks as Array<{ id: string; role: string }>).find((t) => t.role === 'lead')!.id;
    await scoped(
      'DispatchGetCase',
      { outsiders: ['plc.handler', 'culture.head', 'school2.reporter'], owners: ['police.handler', 'police.head'] },
      { id },
    );

    const departments = { outsiders: ['plc.handler', 'culture.head'], owners: ['police.handler'] };
    await scoped('DispatchAcknowledgeTask', departments, { id: task });
    await scoped('DispatchReportTaskProgress', departments, { id: task }, { note: 'talked to both classes' });
    const due = DateTime.now().plus({ days: 20 }).toISO();
    await scoped(
      'DispatchRequestExtension',
      departments,
      { id: task },
      { reason: 'parents away', requestedDueAt: due },
    );
    // Feedback is an assisting unit's: the lead gets past the scope, then 409.
    await scoped('DispatchGiveTaskFeedback', departments, { id: task }, { summary: 'checked' }, CONFLICT);
    await scoped('DispatchRectifyTask', departments, { id: task }, { summary: 'gate guarded at 16:00', evidence: [] });
    await scoped('DispatchDeclineTask', departments, { id: task }, { reason: 'not ours' }, CONFLICT); // rectified
    expect((await post(`/api/cases/${id}/verify`, 'taskforce.dispatcher', { note: 'seen on site' })).status).toBe(200);

    // The school answers the verification; another school cannot.
    const school = { outsiders: ['school2.reporter'], owners: ['school.reporter'] };
    await scoped('DispatchConfirmCase', school, { id });
    await scoped('DispatchDisputeCase', school, { id }, { reason: 'still happening' }, CONFLICT); // closed now

    // The school's own records in grading.
    await scoped('GradingGetChecklist', school, { id: s001, term: '2026-autumn' });
    const item = { done: true, attachmentIds: [] };
    await scoped(
      'GradingPutChecklist',
      school,
      { id: s001, term: '2026-autumn' },
      {
        guardPost: item,
        legalVicePrincipal: item,
        oneKeyAlarm: item,
        safetyEducation: item,
        fireElectricGas: item,
        drills: item,
      },
    );
    await scoped('GradingListSchoolGrades', school, { id: s001 });
    // No grade is published in this system: the owner gets past the scope to "no published grade".
    const appeal = await scoped(
      'GradingFileAppeal',
      school,
      { id: s001, quarter: '2026-Q3' },
      { reason: 'we had the drills' },
      (status) => status === 404,
    );
    expect(appeal.body.message).toMatch(/grade/);

    // A user's notifications are theirs alone, even within the unit.
    const inbox = await waitFor('the assignment in the police handler’s inbox', async () => {
      const items = (await system.api('GET', '/api/inbox?kind=task-assigned', { as: 'police.handler' })).body
        .items as Array<{ id: string }>;
      return items[0];
    });
    const personal = { outsiders: ['police.head', 'school.reporter'], owners: ['police.handler'] };
    await scoped('NotifyListDeliveries', personal, { id: inbox.id });
    await scoped('NotifyMarkNotificationRead', personal, { id: inbox.id });

    // Lists show an organisation only its own.
    const has = async (path: string, as: string, key: 'id' | 'caseId' | 'taskId', value: string) =>
      ((await system.api('GET', path, { as })).body.items as Array<Record<string, string>>).some(
        (row) => row[key] === value,
      );
    expect(await has('/api/tasks', 'police.handler', 'id', task)).toBe(true);
    expect(await has('/api/tasks', 'plc.handler', 'id', task)).toBe(false);
    expect(await has('/api/ledger?limit=200', 'school.reporter', 'caseId', id)).toBe(true);
    expect(await has('/api/ledger?limit=200', 'school2.reporter', 'caseId', id)).toBe(false);
    expect(await has('/api/ledger?limit=200', 'police.head', 'caseId', id)).toBe(true);
    expect(await has('/api/ledger?limit=200', 'culture.handler', 'caseId', id)).toBe(false);
    const reference = (await system.api('GET', `/api/cases/${id}`, { as: 'school.reporter' })).body.reference as string;
    const csv = async (as: string) => (await system.api('GET', '/api/ledger.csv', { as })).body as string;
    expect(String(await csv('school.reporter'))).toContain(reference);
    expect(String(await csv('school2.reporter'))).not.toContain(reference);

    const inspection = await system.api('POST', '/api/inspections', {
      as: 'inspector',
      body: { schoolId: s001, kind: 'daily', at: new Date().toISOString(), findings: [] },
    });
    expect(inspection.status).toBe(201);
    expect(await has('/api/inspections', 'school.reporter', 'id', inspection.body.id)).toBe(true);
    expect(await has('/api/inspections', 'school2.reporter', 'id', inspection.body.id)).toBe(false);
  }, 300_000);

  it('tried every route that reaches an organisation’s object, with an outsider and an owner', () => {
    const orgBound = ROUTE_LIST.filter(
      (route) => route.path.includes(':') && route.access !== 'public' && !COUNTY_WIDE.has(route.name),
    );
    expect(orgBound.length).toBeGreaterThan(15);
    const untried = orgBound
      .filter((route) => !(tried.get(route.name)?.outsiders.size && tried.get(route.name)?.owners.size))
      .map((route) => route.name);
    expect(untried).toEqual([]);
    // And a county-wide route is one that no role bound to an organisation may call with an object.
    const orgRoles = ['school_reporter', 'department_handler', 'department_head'];
    const leaky = ROUTE_LIST.filter(
      (route) =>
        COUNTY_WIDE.has(route.name) &&
        route.access !== 'public' &&
        (route.access === 'signed-in' || orgRoles.some((role) => (route.access as readonly string[]).includes(role))) &&
        ![
          'GatewayDocsFile',
          'DispatchGetCalendar',
          'GradingGetRubric',
          'GradingGetBulletinJson',
          'GradingGetBulletinPdf',
        ].includes(route.name),
    );
    expect(leaky.map((route) => route.name)).toEqual([]);
  });
});
