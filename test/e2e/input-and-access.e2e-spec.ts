import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, TestSystem, waitFor } from '#libs/testing';

/**
 * Bad input on every route gets a 4xx that names the problem, never a 500; a missing token is 401,
 * a wrong role 403, another organisation's object 404; and a refused request writes nothing.
 */
describe('input validation and access control', () => {
  let system: TestSystem;
  let psb: string;
  let edu: string;
  let school1: string;
  let reportId: string;
  let eduTaskId: string;

  const validReport = {
    category: 'bullying',
    severity: 'high',
    title: 'Name-calling',
    description: 'In the dorm',
    location: 'Dorm 2',
  };

  beforeAll(async () => {
    system = await TestSystem.start({ env: { LOGIN_MAX_FAILURES: '3' } });
    const units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body as Array<{
      id: string;
      code: string;
    }>;
    psb = units.find((u) => u.code === 'DM-PSB')!.id;
    edu = units.find((u) => u.code === 'DM-EDU')!.id;
    const schools = (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body as Array<{
      id: string;
      code: string;
    }>;
    school1 = schools.find((s) => s.code === 'DM-S001')!.id;
    reportId = (await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body: validReport })).body.id;
    await waitFor(
      'the case',
      async () => (await system.query('SELECT 1 FROM dispatch.cases WHERE id = $1', [reportId])).length === 1,
    );
    const assigned = await system.api('POST', `/api/cases/${reportId}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, assistingUnitIds: [edu], severity: 'high' },
    });
    eduTaskId = assigned.body.tasks.find((t: { unitId: string }) => t.unitId === edu).id;
  });
  afterAll(async () => {
    await system?.stop();
  });

  const counts = async () => ({
    reports: (await system.query('SELECT count(*)::int AS n FROM intake.whistle_reports'))[0].n,
    outbox: (await system.query('SELECT count(*)::int AS n FROM intake.outbox'))[0].n,
    tasks: (await system.query('SELECT count(*)::int AS n FROM dispatch.tasks'))[0].n,
    deadlines: (await system.query('SELECT count(*)::int AS n FROM dispatch.deadlines'))[0].n,
    policies: (
      await system.query(
        "SELECT string_agg(ack_within || rectify_within, ',' ORDER BY severity) AS p FROM dispatch.sla_policies",
      )
    )[0].p,
  });

  /** Asserts a 4xx with the error body, naming `field` (as the field, or in the message). */
  const expectClientError = (response: { status: number; body: any }, status: number, field?: string) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status } });
    expect(typeof response.body.message).toBe('string');
    if (field) expect(`${response.body.field ?? ''} ${response.body.message}`).toContain(field);
  };

  describe('POST /api/auth/login', () => {
    it('gives the same 401 for a wrong password and an unknown user', async () => {
      const wrong = await system.api('POST', '/api/auth/login', { body: { username: 'admin', password: 'not-it' } });
      const unknown = await system.api('POST', '/api/auth/login', { body: { username: 'nobody', password: 'not-it' } });
      expectClientError(wrong, 401);
      expect(unknown.body).toEqual(wrong.body);
    });

    it.each([
      [{ username: 'admin' }, 'password'],
      [{ password: 'x' }, 'username'],
      [{ username: 42, password: 'x' }, 'username'],
      [{ username: 'admin', password: 'x', extra: 1 }, 'extra'],
    ])('names the bad field of %j', async (body, field) => {
      expectClientError(await system.api('POST', '/api/auth/login', { body }), 400, field);
    });

    it('refuses a username after repeated failures, even with the right password, and no other', async () => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const failed = await system.api('POST', '/api/auth/login', {
          body: { username: 'Bureau.Reviewer', password: 'guess' },
        });
        expectClientError(failed, 401);
      }
      const locked = await system.api('POST', '/api/auth/login', {
        body: { username: 'bureau.reviewer', password: DEMO_PASSWORD },
      });
      expectClientError(locked, 429, 'too many failed sign-ins');
      const other = await system.api('POST', '/api/auth/login', {
        body: { username: 'supervisor', password: DEMO_PASSWORD },
      });
      expect(other.status).toBe(200);
    });

    it('refuses malformed JSON with a 400', async () => {
      expectClientError(await system.api('POST', '/api/auth/login', { rawBody: '{"username":' }), 400, 'JSON');
    });
  });

  describe('authentication on every protected route', () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/directory/schools'],
      ['GET', '/api/directory/units'],
      ['GET', '/api/sla-policies'],
      ['PUT', '/api/sla-policies/high'],
      ['POST', '/api/whistle-reports'],
      ['GET', `/api/whistle-reports/${randomUUID()}`],
      ['GET', '/api/cases'],
      ['POST', `/api/cases/${randomUUID()}/assign`],
      ['GET', '/api/tasks'],
      ['POST', `/api/tasks/${randomUUID()}/acknowledge`],
      ['GET', '/api/inbox'],
    ];

    const body = (method: string) => (method === 'GET' ? undefined : {});

    it.each(routes)('%s %s needs a token', async (method, path) => {
      expectClientError(await system.api(method, path, { body: body(method) }), 401, 'token');
    });

    it.each(routes)('%s %s refuses a garbage or tampered token', async (method, path) => {
      expectClientError(await system.api(method, path, { token: 'not.a.jwt', body: body(method) }), 401);
      const [header, payload, signature] = (await system.tokenFor('school.reporter')).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'administrator' })).toString('base64url');
      const tampered = await system.api(method, path, {
        token: `${header}.${forged}.${signature}`,
        body: body(method),
      });
      expectClientError(tampered, 401);
    });
  });

  describe('POST /api/whistle-reports', () => {
    it.each([
      [{ ...validReport, category: 'gossip' }, 'category'],
      [{ ...validReport, severity: 'meh' }, 'severity'],
      [{ ...validReport, title: '' }, 'title'],
      [{ ...validReport, title: 'x'.repeat(201) }, 'title'],
      [{ ...validReport, description: 42 }, 'description'],
      [{ ...validReport, location: undefined }, 'location'],
      [{ ...validReport, schoolId: randomUUID() }, 'schoolId'],
    ])('names the bad field (%#)', async (body, field) => {
      const before = await counts();
      expectClientError(await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body }), 400, field);
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['an array', '[1,2]'],
      ['a string', '"report"'],
      ['malformed JSON', '{"category":'],
    ])('refuses %s as the body', async (_, rawBody) => {
      const before = await counts();
      expectClientError(await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', rawBody }), 400);
      expect(await counts()).toEqual(before);
    });

    it('refuses an Idempotency-Key reused with a different body', async () => {
      const headers = { 'Idempotency-Key': `key-${randomUUID()}` };
      expect(
        (await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', headers, body: validReport }))
          .status,
      ).toBe(201);
      const before = await counts();
      const reused = await system.api('POST', '/api/whistle-reports', {
        as: 'school.reporter',
        headers,
        body: { ...validReport, title: 'Something else' },
      });
      expectClientError(reused, 422, 'Idempotency-Key');
      expect(await counts()).toEqual(before);
    });

    it('refuses every role but a school reporter', async () => {
      for (const user of ['taskforce.dispatcher', 'police.handler', 'admin']) {
        expectClientError(await system.api('POST', '/api/whistle-reports', { as: user, body: validReport }), 403);
      }
    });
  });

  describe('GET /api/whistle-reports/:id', () => {
    it('names a malformed id', async () => {
      expectClientError(await system.api('GET', '/api/whistle-reports/42', { as: 'school.reporter' }), 400, 'id');
    });

    it("hides another school's report and an unknown one behind the same 404", async () => {
      const other = await system.api('GET', `/api/whistle-reports/${reportId}`, { as: 'school2.reporter' });
      const unknown = await system.api('GET', `/api/whistle-reports/${randomUUID()}`, { as: 'school.reporter' });
      expectClientError(other, 404);
      expect(other.body).toEqual(unknown.body);
      expectClientError(await system.api('GET', `/api/whistle-reports/${reportId}`, { as: 'police.handler' }), 404);
    });
  });

  describe('sla policies', () => {
    it.each([
      ['2 hours', 'ackWithin'],
      ['PT0S', 'ackWithin'],
      ['-PT1H', 'ackWithin'],
      [42, 'ackWithin'],
    ])('names a bad duration %j', async (ackWithin, field) => {
      const before = await counts();
      const response = await system.api('PUT', '/api/sla-policies/high', {
        as: 'admin',
        body: { ackWithin, rectifyWithin: 'P1D' },
      });
      expectClientError(response, 400, field);
      expect(await counts()).toEqual(before);
    });

    it('names an unknown severity in the path and a missing field', async () => {
      expectClientError(
        await system.api('PUT', '/api/sla-policies/apocalyptic', {
          as: 'admin',
          body: { ackWithin: 'PT1H', rectifyWithin: 'P1D' },
        }),
        400,
        'severity',
      );
      expectClientError(
        await system.api('PUT', '/api/sla-policies/high', { as: 'admin', body: { ackWithin: 'PT1H' } }),
        400,
        'rectifyWithin',
      );
      expectClientError(
        await system.api('PUT', '/api/sla-policies/high', { as: 'admin', rawBody: '[]' }),
        400,
        'ackWithin',
      );
    });

    it('lets only an administrator change a policy', async () => {
      const before = await counts();
      for (const user of ['taskforce.dispatcher', 'supervisor', 'school.reporter']) {
        const response = await system.api('PUT', '/api/sla-policies/high', {
          as: user,
          body: { ackWithin: 'PT1H', rectifyWithin: 'P1D' },
        });
        expectClientError(response, 403);
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('cases', () => {
    it('names an unknown status filter or an unknown query parameter', async () => {
      expectClientError(
        await system.api('GET', '/api/cases?status=LOST', { as: 'taskforce.dispatcher' }),
        400,
        'status',
      );
      expectClientError(await system.api('GET', '/api/cases?sort=desc', { as: 'taskforce.dispatcher' }), 400, 'sort');
    });

    it('lets only county-wide roles list cases', async () => {
      for (const user of ['police.handler', 'school.reporter', 'inspector']) {
        expectClientError(await system.api('GET', '/api/cases', { as: user }), 403);
      }
    });

    describe('assign', () => {
      const assign = (body: unknown, id = reportId, as = 'taskforce.dispatcher') =>
        system.api('POST', `/api/cases/${id}/assign`, { as, body });

      it.each([
        [() => ({ severity: 'high' }), 'leadUnitId'],
        [() => ({ leadUnitId: 'police', severity: 'high' }), 'leadUnitId'],
        [() => ({ leadUnitId: psb }), 'severity'],
        [() => ({ leadUnitId: psb, severity: 'high', assistingUnitIds: 'edu' }), 'assistingUnitIds'],
        [() => ({ leadUnitId: psb, severity: 'high', assistingUnitIds: [psb] }), 'assistingUnitIds'],
        [() => ({ leadUnitId: psb, severity: 'high', assistingUnitIds: [edu, edu] }), 'assistingUnitIds'],
        [() => ({ leadUnitId: school1, severity: 'high' }), 'leadUnitId'],
        [() => ({ leadUnitId: psb, severity: 'high', assistingUnitIds: [randomUUID()] }), 'assistingUnitIds.0'],
      ])('names the problem (%#) and writes nothing', async (body, field) => {
        const fresh = (await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body: validReport }))
          .body.id;
        await waitFor(
          'the case',
          async () => (await system.query('SELECT 1 FROM dispatch.cases WHERE id = $1', [fresh])).length === 1,
        );
        const before = await counts();
        expectClientError(await assign(body(), fresh), 400, field);
        const after = await counts();
        expect(after.tasks).toBe(before.tasks);
        expect(after.deadlines).toBe(before.deadlines);
        const [kase] = await system.query('SELECT status FROM dispatch.cases WHERE id = $1', [fresh]);
        expect(kase.status).toBe('REPORTED');
      });

      it('names a malformed case id, hides an unknown case, and refuses a second assignment', async () => {
        expectClientError(await assign({ leadUnitId: psb, severity: 'high' }, 'case-1'), 400, 'caseId');
        expectClientError(await assign({ leadUnitId: psb, severity: 'high' }, randomUUID()), 404);
        const before = await counts();
        const twice = await assign({ leadUnitId: psb, severity: 'high' });
        expectClientError(twice, 409, 'ASSIGNED');
        expect(await counts()).toEqual(before);
      });

      it('refuses every role but the task force dispatcher', async () => {
        for (const user of ['school.reporter', 'police.head', 'supervisor', 'admin']) {
          expectClientError(await assign({ leadUnitId: psb, severity: 'high' }, reportId, user), 403);
        }
      });
    });
  });

  describe('tasks', () => {
    it('names a malformed task id', async () => {
      expectClientError(await system.api('POST', '/api/tasks/7/acknowledge', { as: 'police.handler' }), 400, 'taskId');
    });

    it("hides another unit's task behind a 404 and leaves it unacknowledged", async () => {
      expectClientError(await system.api('POST', `/api/tasks/${eduTaskId}/acknowledge`, { as: 'police.handler' }), 404);
      const [task] = await system.query('SELECT status FROM dispatch.tasks WHERE id = $1', [eduTaskId]);
      expect(task.status).toBe('ASSIGNED');
      const mine = (await system.api('GET', '/api/tasks', { as: 'police.handler' })).body as Array<{
        id: string;
        unitId: string;
      }>;
      expect(mine.every((t) => t.unitId === psb)).toBe(true);
      expect(mine.some((t) => t.id === eduTaskId)).toBe(false);
    });

    it('lets only department roles list or acknowledge tasks', async () => {
      for (const user of ['school.reporter', 'taskforce.dispatcher', 'supervisor']) {
        expectClientError(await system.api('GET', '/api/tasks', { as: user }), 403);
        expectClientError(await system.api('POST', `/api/tasks/${eduTaskId}/acknowledge`, { as: user }), 403);
      }
    });
  });

  describe('afterwards', () => {
    it('logged no internal error for any request above', async () => {
      const failures = await system.query(
        'SELECT 1 FROM intake.outbox WHERE last_error IS NOT NULL UNION ALL SELECT 1 FROM dispatch.outbox WHERE last_error IS NOT NULL',
      );
      expect(failures).toEqual([]);
      for (const service of ['gateway', 'intake', 'dispatch', 'notify']) {
        const log = readFileSync(`${system.logDir}/${service}.log`, 'utf8');
        expect(log).not.toMatch(/"level":"(error|fatal)"/);
      }
    });
  });
});
