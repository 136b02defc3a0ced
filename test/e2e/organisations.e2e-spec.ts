import { DateTime } from 'luxon';
import { TestSystem, waitFor } from '#libs/testing';

/**
 * New schools and units added by an administrator, one by one or from a CSV file: in the directory,
 * announced like the seeded ones (dispatch assigns a case to a new unit, grading grades a new school),
 * bad rows reported each with its reason and never half-written, a file that cannot be read refused
 * whole, the same file imported twice changing nothing, and nobody but an administrator let in. Then
 * renamed (the directory and the services' copies follow, the code kept) and retired, never deleted:
 * a unit with open work refused, a retired unit assigned nothing, a retired school's reporter refused,
 * each change announced with directory data only.
 */
describe('organisations: create, import, rename and retire', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const directory = async (list: 'schools' | 'units', filter = '') =>
    (await system.api('GET', `/api/directory/${list}?limit=200${filter}`, { as: 'admin' })).body.items as Array<{
      id: string;
      code: string;
      name: string;
      kind: string;
      retiredAt: string | null;
    }>;
  const announced = async () =>
    (
      await system.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM identity.outbox WHERE type = 'gateway.organisation.registered'`,
      )
    )[0].count;
  const importCsv = (csv: string, as = 'admin') =>
    system.api('POST', '/api/directory/organisations/import', {
      as,
      rawBody: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });

  it('creates a school and a unit, listed in the directory; refuses a taken code in any case, bad fields and other roles', async () => {
    const school = await system.api('POST', '/api/directory/organisations', {
      as: 'admin',
      body: { kind: 'school', code: 'DM-S010', name: '东明县第十小学 No. 10 Primary School' },
    });
    expect(school).toMatchObject({ status: 201, body: { id: expect.any(String), kind: 'school', code: 'DM-S010' } });
    const unit = await system.api('POST', '/api/directory/organisations', {
      as: 'admin',
      body: { kind: 'unit', code: 'DM-HEALTH', name: '县卫健委 Health Commission' },
    });
    expect(unit).toMatchObject({ status: 201, body: { kind: 'department', code: 'DM-HEALTH' } });
    expect(await directory('schools')).toContainEqual(school.body);
    expect(await directory('units')).toContainEqual(unit.body);

    const before = await announced();
    const taken = await system.api('POST', '/api/directory/organisations', {
      as: 'admin',
      body: { kind: 'school', code: 'dm-s010', name: 'Another school' },
    });
    expect(taken).toMatchObject({ status: 409, body: { error: 'conflict', field: 'code' } });
    for (const [body, field] of [
      [{ kind: 'county', code: 'DM-X', name: 'X' }, 'kind'],
      [{ kind: 'school', code: 'DM X', name: 'X' }, 'code'],
      [{ kind: 'school', code: 'DM-X', name: 'two\nlines' }, 'name'],
      [{ kind: 'school', code: 'DM-X' }, 'name'],
    ] as const) {
      expect(await system.api('POST', '/api/directory/organisations', { as: 'admin', body })).toMatchObject({
        status: 400,
        body: { status: 400, field },
      });
    }
    for (const as of ['taskforce.dispatcher', 'supervisor', 'school.reporter']) {
      const body = { kind: 'school', code: 'DM-S099', name: 'Not allowed' };
      expect((await system.api('POST', '/api/directory/organisations', { as, body })).status).toBe(403);
      expect((await importCsv('kind,code,name\nschool,DM-S099,Not allowed\n', as)).status).toBe(403);
    }
    expect((await system.api('POST', '/api/directory/organisations', { body: {} })).status).toBe(401);
    expect(await announced()).toBe(before);
    expect((await directory('schools')).map((s) => s.code)).not.toContain('DM-S099');
  });

  it('announces them as the seeded ones: dispatch assigns a case to the new unit, grading grades the new school', async () => {
    const unitId = (await directory('units')).find((u) => u.code === 'DM-HEALTH')!.id;
    const schoolId = (await directory('schools')).find((s) => s.code === 'DM-S010')!.id;
    const filed = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'psychological',
        severity: 'high',
        title: 'Sleepless',
        description: 'A pupil',
        location: 'Dorm',
      },
    });
    expect(filed.status).toBe(201);
    await waitFor(
      'the case in dispatch',
      async () =>
        (await system.api('GET', `/api/cases/${filed.body.id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    const assigned = await waitFor('dispatch to accept the new unit', async () => {
      const answer = await system.api('POST', `/api/cases/${filed.body.id}/assign`, {
        as: 'taskforce.dispatcher',
        body: { leadUnitId: unitId, assistingUnitIds: [], severity: 'high' },
      });
      return answer.status === 200 ? answer : undefined;
    });
    expect(assigned.body.tasks).toEqual([expect.objectContaining({ unitId, role: 'lead' })]);

    const now = DateTime.now().setZone('Asia/Shanghai');
    const quarter = `${now.year}-Q${now.quarter}`;
    await waitFor(
      'grading to know the new school',
      async () => (await system.query('SELECT 1 FROM grading.schools WHERE id = $1', [schoolId])).length === 1,
    );
    expect((await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter } })).status).toBe(200);
    const grading = await system.api('GET', `/api/gradings/${quarter}?limit=200`, { as: 'admin' });
    expect(grading.body.schools.map((s: { schoolId: string }) => s.schoolId)).toContain(schoolId);
  });

  const FILE = [
    'kind,code,name',
    'school,DM-S020,东明县第二十小学',
    'unit,DM-CIVIL,"县民政局, Civil Affairs"',
    'school,,No code',
    'village,DM-V01,Not a kind',
    '学校,DM-S021,"第二十一小学 ""Sunrise"""',
    'school,dm-s020,Same code in another case and name',
    'school,DM-S020,东明县第二十小学',
    'school,DM-S022,One field too many,extra',
  ].join('\r\n');

  it('imports a CSV row by row: good rows created and listed, each bad row reported with its field, none half-written', async () => {
    const before = await announced();
    const answer = await importCsv(FILE);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 3, exists: 1, errors: 4 });
    expect(
      answer.body.rows.map((r: { row: number; status: string; field?: string }) => [r.row, r.status, r.field]),
    ).toEqual([
      [2, 'created', undefined],
      [3, 'created', undefined],
      [4, 'error', 'code'],
      [5, 'error', 'kind'],
      [6, 'created', undefined],
      [7, 'error', 'code'],
      [8, 'exists', undefined],
      [9, 'error', undefined],
    ]);
    for (const row of answer.body.rows.filter((r: { status: string }) => r.status === 'error')) {
      expect(row.message).toEqual(expect.any(String));
    }
    expect(await announced()).toBe(before + 3);
    const schools = await directory('schools');
    expect(schools).toContainEqual(expect.objectContaining({ code: 'DM-S020', name: '东明县第二十小学' }));
    expect(schools).toContainEqual(expect.objectContaining({ code: 'DM-S021', name: '第二十一小学 "Sunrise"' }));
    expect(await directory('units')).toContainEqual(
      expect.objectContaining({ code: 'DM-CIVIL', name: '县民政局, Civil Affairs', kind: 'department' }),
    );
    expect(schools.map((s) => s.code)).not.toEqual(expect.arrayContaining(['DM-S022']));
    expect(schools.filter((s) => s.code.toLowerCase() === 'dm-s020')).toHaveLength(1);
  });

  it('imports the same file again without changing anything: created rows now exist, bad rows still bad', async () => {
    const before = { events: await announced(), schools: (await directory('schools')).length };
    const again = await importCsv(FILE);
    expect(again.body).toMatchObject({ created: 0, exists: 4, errors: 4 });
    expect(await announced()).toBe(before.events);
    expect((await directory('schools')).length).toBe(before.schools);
    // The same rows sent as JSON `{csv}` (how the console sends a chunk of a file) answer the same.
    const json = await system.api('POST', '/api/directory/organisations/import', { as: 'admin', body: { csv: FILE } });
    expect(json.body).toEqual(again.body);
  });

  it('refuses a file that cannot be read as a whole, naming the problem, and CSV sent to another route', async () => {
    const before = await announced();
    for (const [csv, problem] of [
      ['kind,code,name\nschool,DM-S030,"Never closed\n', /row 2: a quoted field is not closed/],
      ['kind,name\nschool,No code column\n', /no "code" column/],
      ['', /empty/],
      [`kind,code,name\n${'school,DM-S031,X\n'.repeat(1001)}`, /more than 1000 rows/],
    ] as const) {
      const answer = await importCsv(csv);
      expect(answer).toMatchObject({ status: 400, body: { status: 400, error: 'bad_csv', field: 'csv' } });
      expect(answer.body.message).toMatch(problem);
    }
    expect(await announced()).toBe(before);
    expect((await directory('schools')).map((s) => s.code)).not.toContain('DM-S031');

    const elsewhere = await system.api('POST', '/api/directory/organisations', {
      as: 'admin',
      rawBody: 'kind,code,name\nschool,DM-S032,X\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(elsewhere).toMatchObject({ status: 415, body: { status: 415 } });
  });

  // ---- rename, retire, reinstate ------------------------------------------------------------

  const PASSWORD = 'retire-test-password-1';
  const changes = async () =>
    system.query<{ payload: Record<string, unknown>; actor: { kind: string; id: string } }>(
      `SELECT envelope->'payload' AS payload, envelope->'actor' AS actor FROM identity.outbox
        WHERE type = 'gateway.organisation.changed' ORDER BY created_at`,
    );
  const idOf = async (list: 'schools' | 'units', code: string) =>
    (await directory(list)).find((o) => o.code === code)!.id;
  const signIn = (username: string) =>
    system.api('POST', '/api/auth/login', { body: { username, password: PASSWORD } });
  const newUser = async (username: string, role: string, orgId: string) => {
    const created = await system.api('POST', '/api/users', {
      as: 'admin',
      body: { username, password: PASSWORD, role, orgId, displayName: `${username} 王小明` },
    });
    expect(created.status).toBe(201);
    const session = await signIn(username);
    expect(session.status).toBe(200);
    return session.body as { accessToken: string; refreshToken: string };
  };
  /** A school report's case, waiting in dispatch for its units. */
  const newCase = async () => {
    const filed = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { category: 'dropout', severity: 'normal', title: 'Absent', description: 'A pupil', location: 'Class 3' },
    });
    expect(filed.status).toBe(201);
    await waitFor(
      'the case in dispatch',
      async () =>
        (await system.api('GET', `/api/cases/${filed.body.id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    return filed.body.id as string;
  };
  const assign = (caseId: string, leadUnitId: string, assistingUnitIds: string[] = []) =>
    system.api('POST', `/api/cases/${caseId}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId, assistingUnitIds, severity: 'normal' },
    });

  it('renames a school: the directory and the services’ copies follow, the code and kind kept; bad fields named, 404, admin only', async () => {
    const id = await idOf('schools', 'DM-S010');
    const name = '东明县第十小学（新校区）No. 10 Primary School, new campus';
    const renamed = await system.api('PATCH', `/api/directory/organisations/${id}`, { as: 'admin', body: { name } });
    expect(renamed).toMatchObject({
      status: 200,
      body: { id, code: 'DM-S010', kind: 'school', name, retiredAt: null },
    });
    expect(await directory('schools')).toContainEqual(renamed.body);
    await waitFor(
      'grading’s copy to follow',
      async () => (await system.query('SELECT name FROM grading.schools WHERE id = $1', [id]))[0]?.name === name,
    );
    await waitFor(
      'dispatch’s copy to follow',
      async () => (await system.query('SELECT name FROM dispatch.units WHERE id = $1', [id]))[0]?.name === name,
    );
    // The same name again changes nothing and announces nothing.
    const before = (await changes()).length;
    expect(
      (await system.api('PATCH', `/api/directory/organisations/${id}`, { as: 'admin', body: { name } })).status,
    ).toBe(200);
    expect((await changes()).length).toBe(before);

    for (const [body, field] of [
      [{ name: 'X', code: 'DM-S011' }, 'code'],
      [{ name: 'X', kind: 'unit' }, 'kind'],
      [{ name: '  ' }, 'name'],
      [{ name: 'two\nlines' }, 'name'],
      [{}, 'name'],
    ] as const) {
      const answer = await system.api('PATCH', `/api/directory/organisations/${id}`, { as: 'admin', body });
      expect(answer).toMatchObject({ status: 400, body: { status: 400, field } });
    }
    expect(
      (await system.api('PATCH', `/api/directory/organisations/${id}`, { as: 'admin', body: { code: 'X', name: 'X' } }))
        .body.message,
    ).toMatch(/code: cannot be changed/);
    const unknown = '00000000-0000-4000-8000-00000000dead';
    for (const [method, path, body] of [
      ['PATCH', unknown, { name: 'X' }],
      ['POST', `${unknown}/retire`, {}],
      ['POST', `${unknown}/reinstate`, undefined],
    ] as const) {
      expect(await system.api(method, `/api/directory/organisations/${path}`, { as: 'admin', body })).toMatchObject({
        status: 404,
        body: { status: 404, error: 'not_found' },
      });
    }
    expect(
      await system.api('PATCH', '/api/directory/organisations/not-a-uuid', { as: 'admin', body: { name: 'X' } }),
    ).toMatchObject({ status: 400, body: { field: 'id' } });
    for (const as of ['taskforce.dispatcher', 'supervisor', 'school.reporter']) {
      expect(
        (await system.api('PATCH', `/api/directory/organisations/${id}`, { as, body: { name: 'X' } })).status,
      ).toBe(403);
      expect((await system.api('POST', `/api/directory/organisations/${id}/retire`, { as, body: {} })).status).toBe(
        403,
      );
    }
    expect((await directory('schools')).find((school) => school.id === id)?.name).toBe(name);
  });

  it('refuses to retire the county, the task force, or a unit with open tasks or named by a routing rule (409, saying why)', async () => {
    const county = (await system.query("SELECT id FROM identity.organisations WHERE code = 'DM-COUNTY'"))[0].id;
    const taskforce = (await system.query("SELECT id FROM identity.organisations WHERE code = 'DM-TASKFORCE'"))[0].id;
    for (const id of [county, taskforce]) {
      const answer = await system.api('POST', `/api/directory/organisations/${id}/retire`, { as: 'admin' });
      expect(answer).toMatchObject({ status: 409, body: { error: 'conflict' } });
    }
    // DM-HEALTH leads the case assigned to it above, still open.
    const health = await idOf('units', 'DM-HEALTH');
    const busy = await system.api('POST', `/api/directory/organisations/${health}/retire`, { as: 'admin' });
    expect(busy).toMatchObject({ status: 409, body: { status: 409, error: 'conflict' } });
    expect(busy.body.message).toMatch(/1 task on cases not yet ended/);

    const sports = await system.api('POST', '/api/directory/organisations', {
      as: 'admin',
      body: { kind: 'unit', code: 'DM-SPORTS', name: '县体育中心 Sports Centre' },
    });
    await waitFor(
      'dispatch to know the new unit',
      async () => (await system.query('SELECT 1 FROM dispatch.units WHERE id = $1', [sports.body.id])).length === 1,
    );
    const rules = await system.api('PUT', '/api/routing-rules', {
      as: 'admin',
      body: [{ category: 'dropout', leadUnitId: health, assistingUnitIds: [sports.body.id] }],
    });
    expect(rules.status).toBe(200);
    const named = await system.api('POST', `/api/directory/organisations/${sports.body.id}/retire`, { as: 'admin' });
    expect(named).toMatchObject({ status: 409 });
    expect(named.body.message).toMatch(/1 routing rule names it/);
    expect((await directory('units')).find((unit) => unit.id === sports.body.id)?.retiredAt).toBeNull();
  });

  it('retires a unit: listed as retired, not among active units, assigned nothing (400 naming the field), its users refused', async () => {
    const sports = await idOf('units', 'DM-SPORTS');
    const health = await idOf('units', 'DM-HEALTH');
    const handler = await newUser('sports.handler', 'department_handler', sports);
    expect(
      (
        await system.api('PUT', '/api/routing-rules', {
          as: 'admin',
          body: [{ category: 'dropout', leadUnitId: health, assistingUnitIds: [] }],
        })
      ).status,
    ).toBe(200);
    const before = (await changes()).length;
    const retired = await system.api('POST', `/api/directory/organisations/${sports}/retire`, { as: 'admin' });
    expect(retired).toMatchObject({
      status: 200,
      body: { id: sports, code: 'DM-SPORTS', retiredAt: expect.any(String) },
    });
    // Again: the same answer, the first date, nothing announced twice.
    const again = await system.api('POST', `/api/directory/organisations/${sports}/retire`, { as: 'admin' });
    expect(again.body).toEqual(retired.body);
    expect((await changes()).length).toBe(before + 1);

    // Listed (old tasks name it), tagged; not among the active units; among the retired.
    expect(await directory('units')).toContainEqual(retired.body);
    expect((await directory('units', '&active=true')).map((unit) => unit.id)).not.toContain(sports);
    expect((await directory('units', '&active=true')).map((unit) => unit.id)).toContain(health);
    expect((await directory('units', '&active=false')).map((unit) => unit.id)).toEqual([sports]);
    expect(await system.api('GET', '/api/directory/units?active=yes', { as: 'admin' })).toMatchObject({
      status: 400,
      body: { field: 'active' },
    });

    // Dispatch learns of it, then refuses it as lead or assisting unit, and in a routing rule.
    await waitFor(
      'dispatch to know the unit is retired',
      async () =>
        (await system.query('SELECT retired_at FROM dispatch.units WHERE id = $1', [sports]))[0]?.retired_at != null,
    );
    const caseId = await newCase();
    for (const [answer, field] of [
      [await assign(caseId, sports), 'leadUnitId'],
      [await assign(caseId, health, [sports]), 'assistingUnitIds.0'],
    ] as const) {
      expect(answer).toMatchObject({ status: 400, body: { status: 400, error: 'unit_retired', field } });
      expect(answer.body.message).toMatch(/retired/);
    }
    expect(
      await system.api('PUT', '/api/routing-rules', {
        as: 'admin',
        body: [{ category: 'dropout', leadUnitId: sports, assistingUnitIds: [] }],
      }),
    ).toMatchObject({ status: 400, body: { error: 'unit_retired', field: 'rules.0.leadUnitId' } });
    // Units in service still are.
    expect((await assign(caseId, health)).status).toBe(200);

    // Its users: the token they hold is refused, so is signing in (told why) and the refresh token.
    const tasks = await system.api('GET', '/api/tasks', { token: handler.accessToken });
    expect(tasks).toMatchObject({ status: 401, body: { error: 'organisation_retired' } });
    expect(await signIn('sports.handler')).toMatchObject({ status: 401, body: { error: 'organisation_retired' } });
    expect(
      (await system.api('POST', '/api/auth/refresh', { body: { refreshToken: handler.refreshToken } })).status,
    ).toBe(401);
    // Nor is anyone new given to it.
    const joined = await system.api('POST', '/api/users', {
      as: 'admin',
      body: { username: 'sports.head', password: PASSWORD, role: 'department_head', orgId: sports },
    });
    expect(joined).toMatchObject({ status: 400, body: { field: 'orgId' } });
  });

  it('retires a school: its reporter files no report and cannot sign in, no inspection after; graded in the quarter it was retired in', async () => {
    const id = await idOf('schools', 'DM-S021');
    const reporter = await newUser('s021.reporter', 'school_reporter', id);
    const report = {
      category: 'bullying',
      severity: 'normal',
      title: 'Name-calling',
      description: 'x',
      location: 'Yard',
    };
    expect(
      (await system.api('POST', '/api/whistle-reports', { token: reporter.accessToken, body: report })).status,
    ).toBe(201);
    const retired = await system.api('POST', `/api/directory/organisations/${id}/retire`, { as: 'admin' });
    expect(retired).toMatchObject({ status: 200, body: { kind: 'school', retiredAt: expect.any(String) } });
    expect(
      await system.api('POST', '/api/whistle-reports', { token: reporter.accessToken, body: report }),
    ).toMatchObject({
      status: 401,
      body: { status: 401, error: 'organisation_retired' },
    });
    expect(await signIn('s021.reporter')).toMatchObject({ status: 401, body: { error: 'organisation_retired' } });
    expect((await directory('schools', '&active=true')).map((school) => school.id)).not.toContain(id);

    await waitFor(
      'grading to know the school is retired',
      async () =>
        (await system.query('SELECT retired_at FROM grading.schools WHERE id = $1', [id]))[0]?.retired_at != null,
    );
    const inspection = await system.api('POST', '/api/inspections', {
      as: 'inspector',
      body: { schoolId: id, kind: 'daily', at: new Date().toISOString(), findings: [] },
    });
    expect(inspection).toMatchObject({ status: 400, body: { error: 'school_retired', field: 'schoolId' } });
    // In service for part of this quarter: graded in it (the quarters that begin after leave it out).
    const now = DateTime.now().setZone('Asia/Shanghai');
    const quarter = `${now.year}-Q${now.quarter}`;
    expect((await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter } })).status).toBe(200);
    const grading = await system.api('GET', `/api/gradings/${quarter}?limit=200`, { as: 'admin' });
    expect(grading.body.schools.map((s: { schoolId: string }) => s.schoolId)).toContain(id);
  });

  it('reinstates a school: its users sign in again', async () => {
    const id = await idOf('schools', 'DM-S021');
    const back = await system.api('POST', `/api/directory/organisations/${id}/reinstate`, { as: 'admin' });
    expect(back).toMatchObject({ status: 200, body: { id, retiredAt: null } });
    expect((await signIn('s021.reporter')).status).toBe(200);
    await waitFor(
      'grading to know the school is back',
      async () =>
        (await system.query('SELECT retired_at, revision FROM grading.schools WHERE id = $1', [id]))[0]?.revision === 3,
    );
    expect((await system.query('SELECT retired_at FROM grading.schools WHERE id = $1', [id]))[0].retired_at).toBeNull();
  });

  it('announces each change with directory data only: no user, name of a person or password in any event', async () => {
    const events = await changes();
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const { payload, actor } of events) {
      expect(Object.keys(payload).sort()).toEqual(['code', 'kind', 'name', 'orgId', 'retiredAt', 'revision']);
      expect(actor).toEqual({ kind: 'system', id: 'gateway' });
      const text = JSON.stringify(payload);
      for (const personal of ['王小明', 'sports.handler', 's021.reporter', PASSWORD, 'admin']) {
        expect(text).not.toContain(personal);
      }
    }
    expect(events.map(({ payload }) => [payload.code, payload.revision, payload.retiredAt === null])).toEqual(
      expect.arrayContaining([
        ['DM-S010', 2, true],
        ['DM-SPORTS', 2, false],
        ['DM-S021', 2, false],
        ['DM-S021', 3, true],
      ]),
    );
  });
});
