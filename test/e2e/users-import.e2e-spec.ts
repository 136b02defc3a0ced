import { SERVICES } from '#libs/contracts';
import { TestSystem } from '#libs/testing';

/**
 * Users imported by an administrator from a CSV file: each good row created with a strong initial
 * password made by the server, given only in the answer (never in a log) and good for signing in; the
 * same file again finds them there and changes nothing; each bad row reported by its file row and
 * column (username, role, organisation unknown or retired, a username twice in the file); a file that
 * cannot be read refused whole; nobody but an administrator let in.
 */
describe('users: import from a CSV file', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  interface Row {
    row: number;
    status: 'created' | 'exists' | 'error';
    username?: string;
    password?: string;
    id?: string;
    field?: string;
    message?: string;
  }
  const importCsv = (csv: string, as = 'admin') =>
    system.api('POST', '/api/users/import', {
      as,
      rawBody: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
  const signIn = (username: string, password: string) =>
    system.api('POST', '/api/auth/login', { body: { username, password } });
  const registered = async () =>
    (
      await system.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM identity.outbox WHERE type = 'gateway.user.registered'`,
      )
    )[0].count;

  const FILE = [
    'username,role,organisation,displayName',
    'wang.li,school_reporter,dm-s001,王丽',
    'Zhao.Qiang,department_handler,DM-PSB,',
    'bad name!,school_reporter,DM-S001,Bad',
    'sun.mei,janitor,DM-S001,',
    'qian.feng,school_reporter,DM-NOWHERE,',
    'wang.LI,school_reporter,DM-S002,Twice',
    'school.reporter,bureau_reviewer,DM-EDU,Already there',
    'zhou.yan,school_reporter,DM-S090,Retired school',
    'li.na,inspector,DM-EDU,李娜,extra',
  ].join('\r\n');

  let created: Row[] = [];

  it('creates each good row with a one-time password that signs in, and reports each bad row by its row and column', async () => {
    const school = await system.api('POST', '/api/directory/organisations', {
      as: 'admin',
      body: { kind: 'school', code: 'DM-S090', name: 'Retired school' },
    });
    expect(school.status).toBe(201);
    expect(
      (await system.api('POST', `/api/directory/organisations/${school.body.id}/retire`, { as: 'admin' })).status,
    ).toBe(200);
    const before = await registered();

    const answer = await importCsv(FILE);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 2, exists: 1, errors: 6 });
    const rows = answer.body.rows as Row[];
    expect(rows.map((r) => [r.row, r.status, r.field])).toEqual([
      [2, 'created', undefined],
      [3, 'created', undefined],
      [4, 'error', 'username'],
      [5, 'error', 'role'],
      [6, 'error', 'organisation'],
      [7, 'error', 'username'],
      [8, 'exists', undefined],
      [9, 'error', 'organisation'],
      [10, 'error', undefined],
    ]);
    expect(rows[5].message).toMatch(/row 2 of this file/);
    expect(rows[4].message).toMatch(/not the code/);
    expect(rows[7].message).toMatch(/retired/);
    expect(rows[6]).not.toHaveProperty('password');
    for (const row of rows.filter((r) => r.status === 'error')) expect(row.message).toEqual(expect.any(String));

    created = rows.filter((r) => r.status === 'created');
    expect(created.map((r) => r.username)).toEqual(['wang.li', 'Zhao.Qiang']);
    for (const row of created) {
      expect(row.password).toMatch(/^[A-Za-z0-9]{20}$/);
      const session = await signIn(row.username!, row.password!);
      expect(session.status).toBe(200);
      expect(session.body.accessToken).toEqual(expect.any(String));
    }
    expect(created[0].password).not.toBe(created[1].password);
    expect(await registered()).toBe(before + 2);

    const users = await system.api('GET', '/api/users?limit=200', { as: 'admin' });
    expect(users.body.items).toContainEqual(
      expect.objectContaining({ username: 'wang.li', role: 'school_reporter', displayName: '王丽' }),
    );
    // Hashed as any password: the database holds no clear text.
    const [stored] = await system.query<{ password_hash: string }>(
      `SELECT password_hash FROM identity.users WHERE username = 'wang.li'`,
    );
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.password_hash).not.toContain(created[0].password);
  });

  it('imports the same file again: created users now there, unchanged and without a password; bad rows still bad', async () => {
    const before = await registered();
    const again = await importCsv(FILE);
    expect(again.body).toMatchObject({ created: 0, exists: 3, errors: 6 });
    for (const row of again.body.rows as Row[]) expect(row.password).toBeUndefined();
    expect(await registered()).toBe(before);
    // The old password still signs in: nothing was reset.
    expect((await signIn(created[0].username!, created[0].password!)).status).toBe(200);
    // As JSON `{csv}` (how the console sends a part of a file) the answer is the same.
    const json = await system.api('POST', '/api/users/import', { as: 'admin', body: { csv: FILE } });
    expect(json.body).toEqual(again.body);
  });

  it('never writes an initial password to any log', () => {
    expect(created).toHaveLength(2);
    for (const service of SERVICES) {
      const text = JSON.stringify(system.logLines(service));
      for (const row of created) expect(text).not.toContain(row.password);
    }
  });

  it('refuses a file that cannot be read as a whole, naming the problem, and anyone but an administrator', async () => {
    const before = await registered();
    for (const [csv, problem] of [
      ['username,role,organisation\n"never.closed,inspector,DM-EDU\n', /row 2: a quoted field is not closed/],
      ['username,organisation\nx.y,DM-EDU\n', /no "role" column/],
      ['username,role,organisation,password\nx.y,inspector,DM-EDU,Secret-123456\n', /"password" column/],
      ['', /empty/],
      [`username,role,organisation\n${'x.y,inspector,DM-EDU\n'.repeat(1001)}`, /more than 1000 rows/],
    ] as const) {
      const answer = await importCsv(csv);
      expect(answer).toMatchObject({ status: 400, body: { status: 400, error: 'bad_csv', field: 'csv' } });
      expect(answer.body.message).toMatch(problem);
    }
    expect(await registered()).toBe(before);
    for (const as of ['supervisor', 'school.reporter', 'bureau.reviewer']) {
      expect((await importCsv('username,role,organisation\nnot.allowed,inspector,DM-EDU\n', as)).status).toBe(403);
    }
    expect(
      (await system.api('POST', '/api/users/import', { body: { csv: 'username,role,organisation\n' } })).status,
    ).toBe(401);
    const [none] = await system.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM identity.users WHERE username IN ('x.y', 'not.allowed', 'never.closed')`,
    );
    expect(none.count).toBe(0);
  });
});
