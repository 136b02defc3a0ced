import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiResponse, DEMO_PASSWORD, TestSystem, waitFor } from '#libs/testing';

/**
 * Bad input on every public route: each refusal is a 4xx in the error contract
 * (`{status, error, message, field?}`) that names the problem, never a 5xx; no token or a bad one
 * is 401, a wrong role 403, another organisation's object 404; and a refused request writes nothing.
 *
 * One system for the whole file. The only requests that are meant to succeed are the set-up and
 * the first use of an Idempotency-Key; every other request is refused, so the database must look
 * the same before and after it.
 */
describe('bad input and wrong callers', () => {
  let system: TestSystem;

  /** Filled in by beforeAll; the tables below read them lazily. */
  const ids = {
    psb: '', // DM-PSB, a department: police.handler and police.head
    edu: '', // DM-EDU, a department: inspector and bureau.reviewer belong to it
    school1: '', // DM-S001: school.reporter
    taskforce: '', // DM-TASKFORCE: an organisation that is not a department
    report: '', // school1's report, whose case stays REPORTED: the target of every refused assignment
    eduTask: '', // the education bureau's (assisting) task on another, assigned case
    notification: '', // police.head's notification of the lead task on that case
  };
  /** Reports this file has had accepted, to check at the end that nothing else was written. */
  let acceptedReports = 0;

  const USERS = [
    'school.reporter',
    'school2.reporter',
    'bureau.reviewer',
    'taskforce.dispatcher',
    'police.handler',
    'police.head',
    'supervisor',
    'inspector',
    'admin',
  ];

  const validReport = {
    category: 'bullying',
    severity: 'high',
    title: 'Lunch money taken',
    description: 'Older students at the east gate.',
    location: 'East gate',
  };

  const submitReport = (body: unknown = validReport, headers: Record<string, string> = {}) =>
    system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body, headers });

  const caseOpened = (id: string) =>
    waitFor(`case ${id} to be opened`, async () => {
      const rows = await system.query('SELECT 1 FROM dispatch.cases WHERE id = $1', [id]);
      return rows.length === 1;
    });

  beforeAll(async () => {
    // A long first wait: the right password right after the tenth failure must meet it, however slow the machine.
    system = await TestSystem.start({ serviceEnv: { gateway: { LOGIN_SLOWDOWN_SECONDS: '60' } } });
    // Every token up front: the failed sign-ins below can then lock nobody out of this file.
    for (const user of USERS) await system.tokenFor(user);

    const units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items as Array<{
      id: string;
      code: string;
    }>;
    const schools = (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items as Array<{
      id: string;
      code: string;
    }>;
    ids.psb = units.find((u) => u.code === 'DM-PSB')!.id;
    ids.edu = units.find((u) => u.code === 'DM-EDU')!.id;
    ids.school1 = schools.find((s) => s.code === 'DM-S001')!.id;
    ids.taskforce = claimsOf(await system.tokenFor('taskforce.dispatcher')).org as string;

    const open = await submitReport();
    const assigned = await submitReport({ ...validReport, title: 'Fight behind the gym' });
    expect([open.status, assigned.status]).toEqual([201, 201]);
    acceptedReports += 2;
    ids.report = open.body.id;
    await caseOpened(open.body.id);
    await caseOpened(assigned.body.id);

    const assignment = await system.api('POST', `/api/cases/${assigned.body.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: ids.psb, assistingUnitIds: [ids.edu], severity: 'high' },
    });
    expect(assignment.status).toBe(200);
    ids.eduTask = assignment.body.tasks.find((t: { unitId: string }) => t.unitId === ids.edu).id;
    const psbTask = assignment.body.tasks.find((t: { unitId: string }) => t.unitId === ids.psb).id;
    ids.notification = await waitFor("police.head's notification", async () => {
      const inbox = (await system.api('GET', '/api/inbox', { as: 'police.head' })).body.items as Array<{
        id: string;
        taskId: string;
      }>;
      return inbox.find((n) => n.taskId === psbTask)?.id;
    });
  }, 600_000);

  afterAll(async () => {
    await system?.stop();
  });

  // ---- assertions --------------------------------------------------------------------------

  /** The error contract, with the response's own status; `mentions` must appear in field or message. */
  function expectError(response: ApiResponse, status: number, mentions?: string | RegExp) {
    expect({ status: response.status, body: response.body }).toMatchObject({
      status,
      body: { status, error: expect.any(String), message: expect.any(String) },
    });
    if (mentions !== undefined) {
      const text = `${response.body.field ?? ''} ${response.body.message}`;
      if (typeof mentions === 'string') expect(text).toContain(mentions);
      else expect(text).toMatch(mentions);
    }
  }

  /** A 400 whose `field` is the offending input, and whose message names it too. */
  function expectInvalidField(response: ApiResponse, field: string) {
    expectError(response, 400);
    expect(response.body).toMatchObject({ field });
    expect(response.body.message).toContain(field);
  }

  /** Some 4xx (the exact one is the app's choice), in the error contract: never a 5xx. */
  function expectClientError(response: ApiResponse, mentions: string | RegExp) {
    expect(`${response.status} ${JSON.stringify(response.body)}`).toMatch(/^4\d\d /);
    expectError(response, response.status, mentions);
  }

  const UNAUTHENTICATED = /token/;
  const FORBIDDEN = 'your role may not do this';

  // ---- nothing half-written ----------------------------------------------------------------

  /** Waits until every accepted report has its case and every event has left its outbox. */
  const settle = () =>
    waitFor('the system to be quiet', async () => {
      const [row] = await system.query(`SELECT
          (SELECT count(*) FROM intake.whistle_reports) = (SELECT count(*) FROM dispatch.cases)
          AND NOT EXISTS (SELECT 1 FROM intake.outbox WHERE published_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM dispatch.outbox WHERE published_at IS NULL) AS quiet`);
      return row.quiet === true;
    });

  /** Everything a request on these routes could write. */
  const snapshot = async () => {
    await settle();
    const [row] = await system.query(`SELECT
        (SELECT count(*)::int FROM intake.whistle_reports) AS reports,
        (SELECT count(*)::int FROM intake.idempotency_keys) AS "idempotencyKeys",
        (SELECT coalesce(sum(last_value), 0)::int FROM pg_sequences
            WHERE schemaname = 'intake' AND sequencename ~ '^(tip_)?reference_') AS "referencesTaken",
        (SELECT count(*)::int FROM intake.outbox) AS "intakeEvents",
        (SELECT count(*)::int FROM dispatch.cases) AS cases,
        (SELECT count(*)::int FROM dispatch.case_transitions) AS transitions,
        (SELECT count(*)::int FROM dispatch.tasks) AS tasks,
        (SELECT count(*)::int FROM dispatch.deadlines) AS deadlines,
        (SELECT count(*)::int FROM dispatch.outbox) AS "dispatchEvents",
        (SELECT string_agg(status || '/' || severity, ',' ORDER BY id) FROM dispatch.cases) AS "caseStates",
        (SELECT string_agg(status, ',' ORDER BY id) FROM dispatch.tasks) AS "taskStates",
        (SELECT string_agg(severity || '=' || ack_within || '/' || rectify_within, ',' ORDER BY severity)
           FROM dispatch.sla_policies) AS policies,
        (SELECT count(*)::int FROM notify.notifications WHERE read_at IS NOT NULL) AS "notificationsRead",
        (SELECT count(*)::int FROM notify.preferences) AS preferences,
        (SELECT count(*)::int FROM notify.unit_webhooks) AS "unitWebhooks",
        (SELECT count(*)::int FROM intake.messages) AS messages,
        (SELECT string_agg(term, ',' ORDER BY term) FROM intake.life_safety_terms) AS "lifeSafetyTerms",
        (SELECT count(*)::int FROM intake.field_reads) AS "fieldReads"`);
    return row;
  };

  /** Runs the block (requests and their assertions) and checks that the database did not change. */
  const writesNothing = async (block: () => Promise<void>) => {
    const before = await snapshot();
    await block();
    expect(await snapshot()).toEqual(before);
  };

  // ---- tokens ------------------------------------------------------------------------------

  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  function claimsOf(token: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  }

  /** A real token with its payload changed and its original signature kept. */
  function tampered(token: string, changes: Record<string, unknown>): string {
    const [header, , signature] = token.split('.');
    return `${header}.${b64({ ...claimsOf(token), ...changes })}.${signature}`;
  }

  /** The same claims, changed, under `alg: none` and no signature. */
  function unsigned(token: string, changes: Record<string, unknown>): string {
    return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claimsOf(token), ...changes })}.`;
  }

  /** The same claims, changed, properly HS256-signed, but with a key that is not the system's. */
  function signedWithAnotherKey(token: string, changes: Record<string, unknown>): string {
    const unsignedPart = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claimsOf(token), ...changes })}`;
    const signature = createHmac('sha256', 'not-the-secret-0123456789abcdef').update(unsignedPart).digest('base64url');
    return `${unsignedPart}.${signature}`;
  }

  // ==========================================================================================

  describe('POST /api/auth/login', () => {
    const login = (body: unknown) => system.api('POST', '/api/auth/login', { body });

    it('slows a username down after LOGIN_MAX_FAILURES failures from one address, even with the right password, and no other', async () => {
      // school2.reporter's token is already cached, so slowing the account down disturbs no later test.
      for (let attempt = 0; attempt < 10; attempt += 1) {
        expectError(
          await login({ username: 'School2.Reporter', password: 'a-guess' }),
          401,
          'wrong username or password',
        );
      }
      expectError(
        await login({ username: 'school2.reporter', password: DEMO_PASSWORD }),
        429,
        'too many failed sign-ins',
      );
      expect((await login({ username: 'school.reporter', password: DEMO_PASSWORD })).status).toBe(200);
    });

    it('gives the same 401 for a wrong password and for an unknown user', async () => {
      const wrongPassword = await login({ username: 'inspector', password: 'not-the-password' });
      const unknownUser = await login({ username: 'no.such.user', password: 'not-the-password' });
      expectError(wrongPassword, 401, 'wrong username or password');
      expect(unknownUser.status).toBe(401);
      expect(unknownUser.body).toEqual(wrongPassword.body);
      expect(wrongPassword.body.accessToken).toBeUndefined();
    });

    it.each([
      { problem: 'a missing password', body: { username: 'admin' }, field: 'password' },
      { problem: 'an empty password', body: { username: 'admin', password: '' }, field: 'password' },
      { problem: 'a numeric password', body: { username: 'admin', password: 12345678 }, field: 'password' },
      { problem: 'a null password', body: { username: 'admin', password: null }, field: 'password' },
      { problem: 'a missing username', body: { password: DEMO_PASSWORD }, field: 'username' },
      { problem: 'a blank username', body: { username: '   ', password: DEMO_PASSWORD }, field: 'username' },
      { problem: 'an array as username', body: { username: ['admin'], password: DEMO_PASSWORD }, field: 'username' },
      { problem: 'a 65-character username', body: { username: 'a'.repeat(65), password: 'x' }, field: 'username' },
    ])('names the field for $problem', async ({ body, field }) => {
      expectInvalidField(await login(body), field);
    });

    it('names an extra field', async () => {
      expectError(await login({ username: 'admin', password: DEMO_PASSWORD, role: 'administrator' }), 400, 'role');
    });

    it.each([
      { problem: 'malformed JSON', rawBody: '{"username": "admin",', mentions: /JSON/ },
      { problem: 'an empty JSON body', rawBody: '', mentions: /empty/ },
      { problem: 'a JSON array', rawBody: '["admin", "password"]', mentions: /object/ },
      { problem: 'a JSON string', rawBody: '"admin"', mentions: /object/ },
    ])('refuses $problem as the body with a 400', async ({ rawBody, mentions }) => {
      expectError(await system.api('POST', '/api/auth/login', { rawBody }), 400, mentions);
    });

    it('treats a username with a NUL byte as bad input, not a server fault', async () => {
      expectClientError(await login({ username: 'adm\u0000in', password: DEMO_PASSWORD }), 'username');
    });
  });

  // ==========================================================================================

  describe('authentication on every protected route', () => {
    /**
     * Each route with a request that would succeed, and the claims that would let the inspector's
     * token through if nobody checked the signature: a refused token must write nothing.
     */
    const routes: Array<{
      route: string;
      method: string;
      path: () => string;
      body?: () => unknown;
      claims: () => Record<string, unknown>;
    }> = [
      {
        route: 'GET /api/directory/schools',
        method: 'GET',
        path: () => '/api/directory/schools',
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'GET /api/directory/units',
        method: 'GET',
        path: () => '/api/directory/units',
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'GET /api/sla-policies',
        method: 'GET',
        path: () => '/api/sla-policies',
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'PUT /api/sla-policies/:severity',
        method: 'PUT',
        path: () => '/api/sla-policies/high',
        body: () => ({ ackWithin: 'PT1M', rectifyWithin: 'PT2M' }),
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'POST /api/whistle-reports',
        method: 'POST',
        path: () => '/api/whistle-reports',
        body: () => validReport,
        claims: () => ({ role: 'school_reporter', org: ids.school1 }),
      },
      {
        route: 'GET /api/whistle-reports/:id',
        method: 'GET',
        path: () => `/api/whistle-reports/${ids.report}`,
        claims: () => ({ role: 'supervisor' }),
      },
      {
        route: 'GET /api/cases',
        method: 'GET',
        path: () => '/api/cases?status=REPORTED',
        claims: () => ({ role: 'supervisor' }),
      },
      {
        route: 'POST /api/cases/:id/assign',
        method: 'POST',
        path: () => `/api/cases/${ids.report}/assign`,
        body: () => ({ leadUnitId: ids.psb, severity: 'normal' }),
        claims: () => ({ role: 'taskforce_dispatcher' }),
      },
      {
        route: 'GET /api/tasks',
        method: 'GET',
        path: () => '/api/tasks',
        claims: () => ({ role: 'department_head' }),
      },
      {
        route: 'POST /api/tasks/:id/acknowledge',
        method: 'POST',
        path: () => `/api/tasks/${ids.eduTask}/acknowledge`,
        claims: () => ({ role: 'department_handler' }),
      },
      { route: 'GET /api/inbox', method: 'GET', path: () => '/api/inbox', claims: () => ({ role: 'administrator' }) },
      {
        route: 'POST /api/inbox/:id/read',
        method: 'POST',
        path: () => `/api/inbox/${ids.notification}/read`,
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'POST /api/inbox/read-all',
        method: 'POST',
        path: () => '/api/inbox/read-all',
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'GET /api/notifications/:id/deliveries',
        method: 'GET',
        path: () => `/api/notifications/${ids.notification}/deliveries`,
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'PUT /api/me/preferences',
        method: 'PUT',
        path: () => '/api/me/preferences',
        body: () => ({ language: 'en', channels: {}, quietHours: null }),
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'PUT /api/units/:id/webhook',
        method: 'PUT',
        path: () => `/api/units/${ids.psb}/webhook`,
        body: () => ({ kind: 'generic', url: 'http://127.0.0.1:9/robot' }),
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'POST /api/whistle-reports/:id/messages',
        method: 'POST',
        path: () => `/api/whistle-reports/${ids.report}/messages`,
        body: () => ({ text: 'hello' }),
        claims: () => ({ role: 'school_reporter', org: ids.school1 }),
      },
      { route: 'GET /api/tips', method: 'GET', path: () => '/api/tips', claims: () => ({ role: 'supervisor' }) },
      {
        route: 'POST /api/tips/:id/triage',
        method: 'POST',
        path: () => `/api/tips/${ids.report}/triage`,
        body: () => ({ decision: 'spam', reason: 'x' }),
        claims: () => ({ role: 'taskforce_dispatcher' }),
      },
      {
        route: 'PUT /api/life-safety-terms',
        method: 'PUT',
        path: () => '/api/life-safety-terms',
        body: () => ({ terms: ['x'] }),
        claims: () => ({ role: 'administrator' }),
      },
      {
        route: 'GET /api/cases/:id/duplicates',
        method: 'GET',
        path: () => `/api/cases/${ids.report}/duplicates`,
        claims: () => ({ role: 'taskforce_dispatcher' }),
      },
      {
        route: 'GET /api/attachments/:id',
        method: 'GET',
        path: () => `/api/attachments/${ids.report}`,
        claims: () => ({ role: 'administrator' }),
      },
    ];

    /** Ways to present no valid token; `inspector` is the token a forger starts from. */
    const badCredentials: Array<{
      credential: string;
      headers: (inspector: string, claims: Record<string, unknown>) => Record<string, string>;
    }> = [
      { credential: 'no Authorization header', headers: () => ({}) },
      { credential: 'a Basic scheme', headers: () => ({ authorization: 'Basic YWRtaW46ZGVtbw==' }) },
      { credential: 'an empty bearer token', headers: () => ({ authorization: 'Bearer ' }) },
      { credential: 'a garbage token', headers: () => ({ authorization: 'Bearer not-a-jwt' }) },
      {
        credential: 'a tampered payload',
        headers: (inspector, claims) => ({ authorization: `Bearer ${tampered(inspector, claims)}` }),
      },
      {
        credential: 'alg none',
        headers: (inspector, claims) => ({ authorization: `Bearer ${unsigned(inspector, claims)}` }),
      },
      {
        credential: 'a token signed with another key',
        headers: (inspector, claims) => ({ authorization: `Bearer ${signedWithAnotherKey(inspector, claims)}` }),
      },
    ];

    describe.each(routes)('$route', ({ method, path, body, claims }) => {
      it.each(badCredentials)('is a 401 with $credential, and writes nothing', async ({ headers }) => {
        await writesNothing(async () => {
          const inspector = await system.tokenFor('inspector');
          const response = await system.api(method, path(), {
            headers: headers(inspector, claims()),
            body: body?.(),
          });
          expectError(response, 401, UNAUTHENTICATED);
        });
      });
    });
  });

  // ==========================================================================================

  describe('PUT /api/sla-policies/:severity', () => {
    const put = (severity: string, body: unknown, as = 'admin') =>
      system.api('PUT', `/api/sla-policies/${severity}`, { as, body });
    const putRaw = (rawBody: string) => system.api('PUT', '/api/sla-policies/high', { as: 'admin', rawBody });

    it.each(['apocalyptic', 'URGENT', 'low', '1', 'urgent%20'])(
      'names an unknown severity %j in the path',
      async (severity) => {
        await writesNothing(async () => {
          expectInvalidField(await put(severity, { ackWithin: 'PT1H', rectifyWithin: 'P1D' }), 'severity');
        });
      },
    );

    const badDurations: unknown[] = [
      '2 hours',
      'PT0S',
      '-PT1H',
      'PT-1H',
      'P1DT-24H',
      'P',
      'PT',
      '',
      'pt1h',
      '1H',
      'P1H',
      42,
      null,
      ['PT1H'],
      { hours: 1 },
    ];

    it.each(badDurations)('names ackWithin when it is %j', async (ackWithin) => {
      await writesNothing(async () => {
        expectInvalidField(await put('high', { ackWithin, rectifyWithin: 'P1D' }), 'ackWithin');
      });
    });

    it.each(badDurations)('names rectifyWithin when it is %j', async (rectifyWithin) => {
      await writesNothing(async () => {
        expectInvalidField(await put('normal', { ackWithin: 'PT1H', rectifyWithin }), 'rectifyWithin');
      });
    });

    it.each([
      { problem: 'ackWithin missing', body: { rectifyWithin: 'P1D' }, field: 'ackWithin' },
      { problem: 'rectifyWithin missing', body: { ackWithin: 'PT1H' }, field: 'rectifyWithin' },
      { problem: 'an empty object', body: {}, field: 'ackWithin' },
    ])('names the field with $problem', async ({ body, field }) => {
      await writesNothing(async () => {
        expectInvalidField(await put('urgent', body), field);
      });
    });

    it('names an extra field', async () => {
      await writesNothing(async () => {
        expectError(
          await put('urgent', { ackWithin: 'PT1H', rectifyWithin: 'P1D', escalateTo: 'mayor' }),
          400,
          'escalateTo',
        );
      });
    });

    it.each([
      { problem: 'malformed JSON', rawBody: '{"ackWithin": "PT1H"', mentions: /JSON/ },
      { problem: 'a JSON array', rawBody: '["PT1H", "P1D"]', mentions: /body|ackWithin/ },
      { problem: 'a JSON string', rawBody: '"PT1H"', mentions: /body|ackWithin/ },
    ])('refuses $problem as the body with a 400', async ({ rawBody, mentions }) => {
      await writesNothing(async () => {
        expectError(await putRaw(rawBody), 400, mentions);
      });
    });

    it('refuses a window so long that no deadline can be computed from it', async () => {
      // Accepted, such a policy makes every later assignment of that severity fail with a 500.
      const before = await snapshot();
      const response = await put('normal', { ackWithin: 'P300000Y', rectifyWithin: 'P1D' });
      const after = await snapshot();
      if (response.status < 300) await put('normal', { ackWithin: 'P1D', rectifyWithin: 'P7D' }); // undo for the rest of the file
      expectInvalidField(response, 'ackWithin');
      expect(after).toEqual(before);
    });

    it.each(['taskforce.dispatcher', 'supervisor', 'bureau.reviewer', 'police.head', 'school.reporter'])(
      'is a 403 for %s',
      async (user) => {
        await writesNothing(async () => {
          expectError(await put('high', { ackWithin: 'PT1M', rectifyWithin: 'PT2M' }, user), 403, FORBIDDEN);
        });
      },
    );
  });

  // ==========================================================================================

  describe('POST /api/whistle-reports', () => {
    const { category: _c, ...withoutCategory } = validReport;
    const { severity: _s, ...withoutSeverity } = validReport;
    const { title: _t, ...withoutTitle } = validReport;
    const { description: _d, ...withoutDescription } = validReport;
    const { location: _l, ...withoutLocation } = validReport;

    it.each([
      { problem: 'no category', body: withoutCategory, field: 'category' },
      { problem: 'no severity', body: withoutSeverity, field: 'severity' },
      { problem: 'no title', body: withoutTitle, field: 'title' },
      { problem: 'no description', body: withoutDescription, field: 'description' },
      { problem: 'no location', body: withoutLocation, field: 'location' },
      { problem: 'an unknown category', body: { ...validReport, category: 'gossip' }, field: 'category' },
      { problem: 'an unknown severity', body: { ...validReport, severity: 'meh' }, field: 'severity' },
      { problem: 'an upper-case severity', body: { ...validReport, severity: 'HIGH' }, field: 'severity' },
      { problem: 'an empty title', body: { ...validReport, title: '' }, field: 'title' },
      { problem: 'a blank title', body: { ...validReport, title: '   ' }, field: 'title' },
      { problem: 'a 201-character title', body: { ...validReport, title: 'x'.repeat(201) }, field: 'title' },
      { problem: 'a title of 10 000 characters', body: { ...validReport, title: 't'.repeat(10_000) }, field: 'title' },
      { problem: 'a numeric title', body: { ...validReport, title: 42 }, field: 'title' },
      { problem: 'a null description', body: { ...validReport, description: null }, field: 'description' },
      {
        problem: 'a 10 001-character description',
        body: { ...validReport, description: 'd'.repeat(10_001) },
        field: 'description',
      },
      { problem: 'an object as location', body: { ...validReport, location: { x: 1 } }, field: 'location' },
      { problem: 'a 501-character location', body: { ...validReport, location: 'l'.repeat(501) }, field: 'location' },
    ])('names the field for $problem', async ({ body, field }) => {
      await writesNothing(async () => {
        expectInvalidField(await submitReport(body), field);
      });
    });

    it.each([
      { problem: 'a school of its own choosing', extra: { schoolId: randomUUID() }, mentions: 'schoolId' },
      { problem: 'a status of its own choosing', extra: { status: 'CLOSED' }, mentions: 'status' },
      { problem: 'an id of its own choosing', extra: { id: randomUUID() }, mentions: 'id' },
    ])('names an extra field: $problem', async ({ extra, mentions }) => {
      await writesNothing(async () => {
        expectError(await submitReport({ ...validReport, ...extra }), 400, mentions);
      });
    });

    it.each([
      { problem: 'malformed JSON', rawBody: '{"category": "bullying",', status: 400, mentions: /JSON/ },
      { problem: 'an empty JSON body', rawBody: '', status: 400, mentions: /empty/ },
      { problem: 'a JSON array', rawBody: JSON.stringify([validReport]), status: 400, mentions: /JSON object/ },
      { problem: 'a JSON string', rawBody: '"please help"', status: 400, mentions: /JSON object/ },
      { problem: 'a JSON number', rawBody: '42', status: 400, mentions: /JSON object/ },
      { problem: 'JSON null', rawBody: 'null', status: 400, mentions: /JSON object/ },
      {
        problem: 'a prototype-poisoning object',
        rawBody: '{"__proto__": {"admin": true}}',
        status: 400,
        mentions: /JSON/,
      },
    ])('refuses $problem as the body', async ({ rawBody, status, mentions }) => {
      await writesNothing(async () => {
        expectError(
          await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', rawBody }),
          status,
          mentions,
        );
      });
    });

    it.each([
      { contentType: 'text/plain', rawBody: 'please help', mentions: /JSON|media type/i },
      // Parsed as fields (or refused for its media type): either way a 4xx naming the problem.
      {
        contentType: 'application/x-www-form-urlencoded',
        rawBody: 'category=bullying&severity=high',
        mentions: /title|JSON|media type/i,
      },
    ])('refuses a $contentType body', async ({ contentType, rawBody, mentions }) => {
      await writesNothing(async () => {
        const response = await system.api('POST', '/api/whistle-reports', {
          as: 'school.reporter',
          rawBody,
          headers: { 'content-type': contentType },
        });
        expectClientError(response, mentions);
      });
    });

    it.each(['title', 'description', 'location'])(
      'treats a NUL byte in %s as bad input, not a server fault',
      async (field) => {
        await writesNothing(async () => {
          expectClientError(await submitReport({ ...validReport, [field]: 'before\u0000after' }), field);
        });
      },
    );

    it('refuses a body of nearly 1 MiB with a 4xx, not as an unavailable service', async () => {
      // 1 048 500 bytes: too big for one NATS message (1 MiB) once forwarded with its headers, so
      // the gateway must refuse it itself, whether or not it is under the HTTP body limit.
      const padding = 1_048_500 - JSON.stringify({ ...validReport, description: '' }).length;
      const body = { ...validReport, description: 'd'.repeat(padding) };
      expect(JSON.stringify(body).length).toBe(1_048_500);
      await writesNothing(async () => {
        expectClientError(await submitReport(body), /too large|description/);
      });
    });

    it('answers bodies far over the limit with 413 every time, never a broken connection', async () => {
      // Refused before it is read: had the server closed the socket on the unread rest, fetch would
      // often fail with EPIPE while still sending (3 times in 4 for this size, measured here).
      const body = { ...validReport, description: 'd'.repeat(5_000_000) };
      await writesNothing(async () => {
        for (let attempt = 0; attempt < 10; attempt += 1) {
          expectError(await submitReport(body), 413, /too large/);
        }
      });
    });

    describe('Idempotency-Key', () => {
      it('is a 422 naming the header when the key is reused with a different body', async () => {
        const headers = { 'Idempotency-Key': `bad-input-${randomUUID()}` };
        const first = await submitReport(validReport, headers);
        expect(first.status).toBe(201);
        acceptedReports += 1;
        await writesNothing(async () => {
          const reused = await submitReport({ ...validReport, title: 'Something else entirely' }, headers);
          expectError(reused, 422, 'Idempotency-Key');
          expect(reused.body).toMatchObject({ field: 'Idempotency-Key', error: 'idempotency_key_reused' });
          // The same body under the same key is a retry: the first answer again, nothing new.
          const retried = await submitReport(validReport, headers);
          expect({ status: retried.status, body: retried.body }).toEqual({ status: 201, body: first.body });
        });
      });

      it.each([
        { problem: 'longer than 200 characters', key: 'k'.repeat(201) },
        { problem: 'containing a space', key: 'two words' },
      ])('names the header when the key is $problem', async ({ key }) => {
        await writesNothing(async () => {
          expectInvalidField(await submitReport(validReport, { 'Idempotency-Key': key }), 'Idempotency-Key');
        });
      });

      it('validates the body before looking at the key', async () => {
        await writesNothing(async () => {
          const headers = { 'Idempotency-Key': `bad-input-${randomUUID()}` };
          expectInvalidField(await submitReport({ ...validReport, severity: 'meh' }, headers), 'severity');
        });
      });
    });

    it.each(['taskforce.dispatcher', 'police.handler', 'bureau.reviewer', 'supervisor', 'admin'])(
      'is a 403 for %s',
      async (user) => {
        await writesNothing(async () => {
          expectError(
            await system.api('POST', '/api/whistle-reports', { as: user, body: validReport }),
            403,
            FORBIDDEN,
          );
        });
      },
    );
  });

  // ==========================================================================================

  describe('GET /api/whistle-reports/:id', () => {
    const read = (id: string, as = 'school.reporter') => system.api('GET', `/api/whistle-reports/${id}`, { as });

    it.each([
      '42',
      'not-a-uuid',
      'ffffffffffffffffffffffffffffffff', // 32 hex digits, no dashes
      `${randomUUID()}0`,
      `{${randomUUID()}}`,
      "1' OR '1'='1",
      '%00',
      'null',
    ])('names a non-UUID id %j', async (id) => {
      expectInvalidField(await read(encodeURI(id).replace(/'/g, '%27')), 'id');
    });

    // Refused by the HTTP router before any handler runs; still a 4xx in the error contract.
    it.each([
      { problem: 'a 500-character id', path: 'a'.repeat(500), mentions: /id|long|length/i },
      { problem: 'an id that is not valid percent-encoding', path: '%E0%A4%A', mentions: /id|url|valid/i },
    ])('answers $problem in the error contract', async ({ path, mentions }) => {
      expectClientError(await read(path), mentions);
    });

    it("hides another school's report behind the same 404 as a report that does not exist", async () => {
      const unknown = await read(randomUUID());
      expectError(unknown, 404, 'not found');
      const otherSchool = await read(ids.report, 'school2.reporter');
      expect({ status: otherSchool.status, body: otherSchool.body }).toEqual({ status: 404, body: unknown.body });
    });

    it.each(['police.handler', 'police.head', 'inspector'])('is a 404 for %s, who may read no report', async (user) => {
      expectError(await read(ids.report, user), 404, 'whistle report not found');
    });
  });

  // ==========================================================================================

  describe('GET /api/cases', () => {
    const list = (query: string, as = 'taskforce.dispatcher') => system.api('GET', `/api/cases${query}`, { as });

    it.each([
      { problem: 'an unknown status', query: '?status=LOST' },
      { problem: 'a lower-case status', query: '?status=reported' },
      { problem: 'an empty status', query: '?status=' },
      { problem: 'a status given twice', query: '?status=REPORTED&status=ASSIGNED' },
      { problem: 'an injection attempt', query: `?status=${encodeURIComponent("REPORTED' OR '1'='1")}` },
    ])('names the status filter for $problem', async ({ query }) => {
      expectInvalidField(await list(query), 'status');
    });

    it('names an unknown query parameter', async () => {
      expectError(await list('?sort=reportedAt'), 400, 'sort');
    });

    it.each(['police.handler', 'police.head', 'school.reporter', 'inspector'])('is a 403 for %s', async (user) => {
      expectError(await list('', user), 403, FORBIDDEN);
    });
  });

  // ==========================================================================================

  describe('POST /api/cases/:id/assign', () => {
    const assign = (body: unknown, caseId = ids.report, as = 'taskforce.dispatcher') =>
      system.api('POST', `/api/cases/${caseId}/assign`, { as, body });

    /** Every refused assignment leaves the open case as it was: REPORTED, and without tasks. */
    const expectStillOpen = async () => {
      const [kase] = await system.query('SELECT status FROM dispatch.cases WHERE id = $1', [ids.report]);
      expect(kase.status).toBe('REPORTED');
      expect(await system.query('SELECT id FROM dispatch.tasks WHERE case_id = $1', [ids.report])).toEqual([]);
    };

    it.each([
      { problem: 'no lead unit', body: () => ({ severity: 'high' }), field: 'leadUnitId' },
      {
        problem: 'a lead unit code instead of its id',
        body: () => ({ leadUnitId: 'DM-PSB', severity: 'high' }),
        field: 'leadUnitId',
      },
      { problem: 'a numeric lead unit', body: () => ({ leadUnitId: 7, severity: 'high' }), field: 'leadUnitId' },
      {
        problem: 'a list as lead unit',
        body: () => ({ leadUnitId: [ids.psb], severity: 'high' }),
        field: 'leadUnitId',
      },
      { problem: 'no severity', body: () => ({ leadUnitId: ids.psb }), field: 'severity' },
      {
        problem: 'an unknown severity',
        body: () => ({ leadUnitId: ids.psb, severity: 'critical' }),
        field: 'severity',
      },
      {
        problem: 'assisting units as a string',
        body: () => ({ leadUnitId: ids.psb, assistingUnitIds: ids.edu, severity: 'high' }),
        field: 'assistingUnitIds',
      },
      {
        problem: 'null assisting units',
        body: () => ({ leadUnitId: ids.psb, assistingUnitIds: null, severity: 'high' }),
        field: 'assistingUnitIds',
      },
      {
        problem: 'a non-UUID assisting unit',
        body: () => ({ leadUnitId: ids.psb, assistingUnitIds: [ids.edu, 'DM-EDU'], severity: 'high' }),
        field: 'assistingUnitIds.1',
      },
      {
        problem: 'the lead unit repeated as an assisting unit',
        body: () => ({ leadUnitId: ids.psb, assistingUnitIds: [ids.edu, ids.psb], severity: 'high' }),
        field: 'assistingUnitIds',
      },
      {
        problem: 'an assisting unit given twice',
        body: () => ({ leadUnitId: ids.psb, assistingUnitIds: [ids.edu, ids.edu], severity: 'high' }),
        field: 'assistingUnitIds',
      },
      {
        problem: 'more than 20 assisting units',
        body: () => ({
          leadUnitId: ids.psb,
          assistingUnitIds: Array.from({ length: 21 }, () => randomUUID()),
          severity: 'high',
        }),
        field: 'assistingUnitIds',
      },
      {
        problem: 'a school as the lead unit',
        body: () => ({ leadUnitId: ids.school1, severity: 'high' }),
        field: 'leadUnitId',
      },
      {
        problem: 'the task force (not a department) as the lead unit',
        body: () => ({ leadUnitId: ids.taskforce, severity: 'high' }),
        field: 'leadUnitId',
      },
      {
        problem: 'an unknown lead unit',
        body: () => ({ leadUnitId: randomUUID(), severity: 'high' }),
        field: 'leadUnitId',
      },
      {
        problem: 'a school as an assisting unit',
        body: () => ({ leadUnitId: ids.psb, assistingUnitIds: [ids.school1], severity: 'high' }),
        field: 'assistingUnitIds.0',
      },
      {
        problem: 'an unknown assisting unit after a known one',
        body: () => ({ leadUnitId: ids.psb, assistingUnitIds: [ids.edu, randomUUID()], severity: 'high' }),
        field: 'assistingUnitIds.1',
      },
    ])('names the field for $problem, and assigns nothing', async ({ body, field }) => {
      await writesNothing(async () => {
        expectInvalidField(await assign(body()), field);
      });
      await expectStillOpen();
    });

    it('names an extra field, and assigns nothing', async () => {
      await writesNothing(async () => {
        expectError(await assign({ leadUnitId: ids.psb, severity: 'high', deadline: 'tomorrow' }), 400, 'deadline');
      });
      await expectStillOpen();
    });

    it.each([
      { problem: 'malformed JSON', rawBody: '{"leadUnitId": ', mentions: /JSON/ },
      { problem: 'a JSON array', rawBody: '["DM-PSB"]', mentions: /body|leadUnitId/ },
      { problem: 'a JSON string', rawBody: '"DM-PSB"', mentions: /body|leadUnitId/ },
    ])('refuses $problem as the body, and assigns nothing', async ({ rawBody, mentions }) => {
      await writesNothing(async () => {
        const response = await system.api('POST', `/api/cases/${ids.report}/assign`, {
          as: 'taskforce.dispatcher',
          rawBody,
        });
        expectError(response, 400, mentions);
      });
      await expectStillOpen();
    });

    it.each(['case-1', '42', `${'0'.repeat(8)}-0000-0000-0000-00000000000z`])(
      'names a non-UUID case id %j',
      async (caseId) => {
        await writesNothing(async () => {
          expectInvalidField(await assign({ leadUnitId: ids.psb, severity: 'high' }, caseId), 'caseId');
        });
      },
    );

    it('is a 404 for a case that does not exist', async () => {
      await writesNothing(async () => {
        expectError(await assign({ leadUnitId: ids.psb, severity: 'high' }, randomUUID()), 404, 'case not found');
      });
    });

    it.each(['school.reporter', 'police.head', 'police.handler', 'bureau.reviewer', 'supervisor', 'admin'])(
      'is a 403 for %s, and assigns nothing',
      async (user) => {
        await writesNothing(async () => {
          expectError(await assign({ leadUnitId: ids.psb, severity: 'high' }, ids.report, user), 403, FORBIDDEN);
        });
        await expectStillOpen();
      },
    );
  });

  // ==========================================================================================

  describe('GET /api/tasks', () => {
    it.each(['school.reporter', 'taskforce.dispatcher', 'supervisor', 'bureau.reviewer', 'inspector', 'admin'])(
      'is a 403 for %s',
      async (user) => {
        expectError(await system.api('GET', '/api/tasks', { as: user }), 403, FORBIDDEN);
      },
    );
  });

  // ==========================================================================================

  describe('POST /api/tasks/:id/acknowledge', () => {
    const acknowledge = (taskId: string, as = 'police.handler') =>
      system.api('POST', `/api/tasks/${taskId}/acknowledge`, { as });

    it.each(['7', 'task-1', randomUUID().replace(/-/g, '')])('names a non-UUID task id %j', async (taskId) => {
      await writesNothing(async () => {
        expectInvalidField(await acknowledge(taskId), 'taskId');
      });
    });

    it('refuses a malformed JSON body', async () => {
      await writesNothing(async () => {
        const response = await system.api('POST', `/api/tasks/${ids.eduTask}/acknowledge`, {
          as: 'police.handler',
          rawBody: '{"note": ',
        });
        expectError(response, 400, /JSON/);
      });
    });

    it.each(['police.handler', 'police.head'])(
      "hides the education bureau's task from %s behind the same 404 as a task that does not exist",
      async (user) => {
        await writesNothing(async () => {
          const unknown = await acknowledge(randomUUID(), user);
          expectError(unknown, 404, 'task not found');
          const notTheirs = await acknowledge(ids.eduTask, user);
          expect({ status: notTheirs.status, body: notTheirs.body }).toEqual({ status: 404, body: unknown.body });
        });
        const [task] = await system.query('SELECT status, acknowledged_by FROM dispatch.tasks WHERE id = $1', [
          ids.eduTask,
        ]);
        expect(task).toEqual({ status: 'ASSIGNED', acknowledged_by: null });
      },
    );

    it.each(['school.reporter', 'taskforce.dispatcher', 'supervisor', 'bureau.reviewer', 'inspector', 'admin'])(
      'is a 403 for %s',
      async (user) => {
        await writesNothing(async () => {
          expectError(await acknowledge(ids.eduTask, user), 403, FORBIDDEN);
        });
      },
    );
  });

  // ==========================================================================================

  describe('POST /api/inbox/:id/read', () => {
    const markRead = (notificationId: string, as = 'police.head') =>
      system.api('POST', `/api/inbox/${notificationId}/read`, { as });

    it.each(['7', 'notification-1', randomUUID().replace(/-/g, '')])(
      'names a non-UUID notification id %j',
      async (notificationId) => {
        await writesNothing(async () => {
          expectInvalidField(await markRead(notificationId), 'notificationId');
        });
      },
    );

    it.each(['police.handler', 'supervisor', 'admin'])(
      "hides police.head's notification from %s behind the same 404 as one that does not exist",
      async (user) => {
        await writesNothing(async () => {
          const unknown = await markRead(randomUUID(), user);
          expectError(unknown, 404, 'notification not found');
          const notTheirs = await markRead(ids.notification, user);
          expect({ status: notTheirs.status, body: notTheirs.body }).toEqual({ status: 404, body: unknown.body });
        });
      },
    );
  });

  // ==========================================================================================

  describe('afterwards', () => {
    it('holds only what the accepted requests wrote', async () => {
      await settle();
      const [row] = await system.query(`SELECT
          (SELECT count(*)::int FROM intake.whistle_reports) AS reports,
          (SELECT count(*)::int FROM dispatch.cases) AS cases,
          (SELECT count(*)::int FROM dispatch.tasks) AS tasks,
          (SELECT count(*)::int FROM dispatch.deadlines WHERE step = 'breach') AS deadlines,
          (SELECT count(*)::int FROM dispatch.cases WHERE status <> 'REPORTED') AS "casesMoved",
          (SELECT count(*)::int FROM dispatch.tasks WHERE status <> 'ASSIGNED') AS "tasksMoved",
          (SELECT string_agg(severity || '=' || ack_within || '/' || rectify_within, ',' ORDER BY severity)
             FROM dispatch.sla_policies) AS policies`);
      expect(row).toEqual({
        reports: acceptedReports,
        cases: acceptedReports,
        tasks: 2, // the set-up's assignment: lead and one assisting unit
        deadlines: 4, // an acknowledgement and a rectification deadline for each task (breach rows)
        casesMoved: 1,
        tasksMoved: 0,
        policies: 'high=PT8H/P3D,normal=P1D/P7D,urgent=PT2H/P1D',
      });
      const failures = await system.query(`SELECT last_error FROM intake.outbox WHERE last_error IS NOT NULL
          UNION ALL SELECT last_error FROM dispatch.outbox WHERE last_error IS NOT NULL`);
      expect(failures).toEqual([]);
    });

    it('logged no internal error for any of it', () => {
      for (const service of ['gateway', 'intake', 'dispatch', 'grading', 'notify']) {
        const log = readFileSync(join(system.logDir, `${service}.log`), 'utf8');
        expect(log).not.toMatch(/"level":"(error|fatal)"/);
      }
    });
  });
});
