import { randomUUID } from 'node:crypto';
import { type ApiResponse, TestSystem, waitFor } from '#libs/testing';

/**
 * `GET /api/whistle-reports`: a school lists its own reports (its school from the token, never from
 * the query), newest first, a page at a time; county-wide roles list every school's, by school and
 * status; no text beyond the title is in a line, and listing records no read of protected fields.
 */
describe('the list of whistle reports', () => {
  let system: TestSystem;
  const CANARY = `canary-${randomUUID().slice(0, 8)}`;
  const schools: Record<'one' | 'two', string> = { one: '', two: '' };
  /** Each school's reports in the order filed (oldest first). */
  const filed: Record<'one' | 'two', string[]> = { one: [], two: [] };
  const reporterOf = { one: 'school.reporter', two: 'school2.reporter' } as const;

  type Item = Record<string, unknown>;
  const list = (path: string, as: string) => system.api('GET', path, { as });
  const idsOf = (response: ApiResponse) => (response.body.items as Item[]).map((item) => item.id as string);
  const newestFirst = (ids: string[]) => [...ids].reverse();
  const orgOf = async (user: string) =>
    JSON.parse(Buffer.from((await system.tokenFor(user)).split('.')[1], 'base64url').toString()).org as string;

  /** Follows nextCursor from the first page to the last, `limit` items a page. */
  async function walk(path: string, as: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await list(`${path}${path.includes('?') ? '&' : '?'}${query}`, as);
      expect(page.status).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(['items', 'nextCursor']);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      if (page.body.nextCursor !== null) expect(page.body.items).toHaveLength(limit);
      ids.push(...idsOf(page));
      cursor = page.body.nextCursor as string | null;
      pages += 1;
      expect(pages).toBeLessThan(50);
    } while (cursor);
    return { ids, pages };
  }

  const expectBadField = (response: ApiResponse, field: string) => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, field, message: expect.stringContaining(field) });
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    schools.one = await orgOf('school.reporter');
    schools.two = await orgOf('school2.reporter');
    expect(schools.one).not.toBe(schools.two);
    // Interleaved, so that a list of one school is not simply a prefix of the county's.
    for (const school of ['one', 'two', 'one', 'one', 'two'] as const) {
      const n = filed[school].length + 1;
      const accepted = await system.api('POST', '/api/whistle-reports', {
        as: reporterOf[school],
        body: {
          category: n % 2 ? 'bullying' : 'public-safety',
          severity: n === 3 ? 'high' : 'normal',
          title: `School ${school}, report ${n}`,
          description: `Older pupils at the east gate ${CANARY}-description`,
          location: `East gate ${CANARY}-location`,
          peopleInvolved: [{ name: `Pupil ${CANARY}-name`, role: 'student', grade: '7' }],
        },
      });
      expect(accepted.status).toBe(201);
      filed[school].push(accepted.body.id as string);
    }
    await waitFor('every case in dispatch', async () => {
      const [row] = await system.query<{ n: number }>('SELECT count(*)::int AS n FROM dispatch.cases');
      return row.n === 5;
    });
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('shows each school its own reports only, newest first, as summaries without texts', async () => {
    for (const school of ['one', 'two'] as const) {
      const mine = await list('/api/whistle-reports', reporterOf[school]);
      expect(mine.status).toBe(200);
      expect(mine.body.nextCursor).toBeNull();
      expect(idsOf(mine)).toEqual(newestFirst(filed[school]));
      for (const item of mine.body.items as Item[]) {
        expect(Object.keys(item).sort()).toEqual(
          [
            'category',
            'id',
            'lifeSafety',
            'reference',
            'schoolId',
            'severity',
            'status',
            'submittedAt',
            'title',
          ].sort(),
        );
        expect(item).toMatchObject({
          schoolId: schools[school],
          reference: expect.stringMatching(/^DM-\d{4}-\d{6}$/),
          title: expect.stringContaining(`School ${school}`),
          status: 'REPORTED',
          lifeSafety: false,
        });
      }
      const times = (mine.body.items as Item[]).map((item) => item.submittedAt as string);
      expect(times).toEqual([...times].sort().reverse());
      expect(JSON.stringify(mine.body)).not.toContain(CANARY);
    }
    const [newest] = (await list('/api/whistle-reports', 'school.reporter')).body.items as Item[];
    expect(newest).toMatchObject({ id: filed.one[2], category: 'bullying', severity: 'high' });
  });

  it('takes the school from the token: its own id is accepted, another school is missing', async () => {
    const own = await list(`/api/whistle-reports?schoolId=${schools.one}`, 'school.reporter');
    expect(own.status).toBe(200);
    expect(idsOf(own)).toEqual(newestFirst(filed.one));
    for (const other of [schools.two, randomUUID()]) {
      const refused = await list(`/api/whistle-reports?schoolId=${other}`, 'school.reporter');
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toContain(schools.two);
    }
  });

  it('walks every report once with limit=1, following nextCursor', async () => {
    for (const school of ['one', 'two'] as const) {
      const walked = await walk('/api/whistle-reports', reporterOf[school], 1);
      expect(walked.ids).toEqual(newestFirst(filed[school]));
      expect(new Set(walked.ids).size).toBe(walked.ids.length);
      expect(walked.pages).toBe(filed[school].length);
    }
    const county = await walk('/api/whistle-reports', 'taskforce.dispatcher', 1);
    const expected = (
      await system.query<{ id: string }>('SELECT id FROM intake.whistle_reports ORDER BY submitted_at DESC, id DESC')
    ).map((row) => row.id);
    expect(county.ids).toEqual(expected);
    expect(new Set(county.ids).size).toBe(5);
    expect((await walk('/api/whistle-reports', 'supervisor', 2)).ids).toEqual(expected);
  });

  it('shows the county-wide roles every school, and filters by school and status', async () => {
    const everyone = newestFirst([filed.one[0], filed.two[0], filed.one[1], filed.one[2], filed.two[1]]);
    for (const user of ['bureau.reviewer', 'taskforce.dispatcher', 'supervisor', 'admin']) {
      const all = await list('/api/whistle-reports', user);
      expect(all.status).toBe(200);
      expect(idsOf(all)).toEqual(everyone);
    }
    const two = await list(`/api/whistle-reports?schoolId=${schools.two}`, 'bureau.reviewer');
    expect(idsOf(two)).toEqual(newestFirst(filed.two));
    expect((await list(`/api/whistle-reports?schoolId=${randomUUID()}`, 'supervisor')).body).toEqual({
      items: [],
      nextCursor: null,
    });

    // The bureau forwards one of the first school's reports; intake learns the case's new status.
    const forwarded = filed.one[1];
    const screened = await system.api('POST', `/api/cases/${forwarded}/screen`, {
      as: 'bureau.reviewer',
      body: { decision: 'forward', reason: 'for the departments' },
    });
    expect(screened.status).toBe(200);
    await waitFor('intake to learn the status', async () => {
      const [row] = await system.query<{ case_status: string }>(
        'SELECT case_status FROM intake.whistle_reports WHERE id = $1',
        [forwarded],
      );
      return row.case_status === 'FORWARDED';
    });
    const byStatus = await list('/api/whistle-reports?status=FORWARDED', 'taskforce.dispatcher');
    expect(idsOf(byStatus)).toEqual([forwarded]);
    expect(byStatus.body.items[0]).toMatchObject({ status: 'FORWARDED', schoolId: schools.one });
    const reported = await walk('/api/whistle-reports?status=REPORTED', 'supervisor', 1);
    expect(reported.ids).toEqual(everyone.filter((id) => id !== forwarded));
    const both = await list(`/api/whistle-reports?status=FORWARDED&schoolId=${schools.two}`, 'supervisor');
    expect(both.body).toEqual({ items: [], nextCursor: null });
    // A school filters its own by status as well.
    expect(idsOf(await list('/api/whistle-reports?status=FORWARDED', 'school.reporter'))).toEqual([forwarded]);
    expect(idsOf(await list('/api/whistle-reports?status=FORWARDED', 'school2.reporter'))).toEqual([]);
  });

  it.each(['0', '201', '-1', '1.5', 'ten', ''])('refuses limit=%s naming the field', async (limit) => {
    expectBadField(await list(`/api/whistle-reports?limit=${encodeURIComponent(limit)}`, 'school.reporter'), 'limit');
  });

  it('refuses a cursor it did not give out, naming the field', async () => {
    const real = await list('/api/whistle-reports?limit=1', 'supervisor');
    const cursor = real.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    for (const bad of [
      'not-a-cursor!',
      Buffer.from('{"oops":').toString('base64url'),
      Buffer.from(JSON.stringify(['2026-02-30T00:00:00.000000Z', randomUUID()])).toString('base64url'),
      Buffer.from(JSON.stringify([1, 2, 3])).toString('base64url'),
      `${cursor.slice(0, 8)}!${cursor.slice(9)}`,
    ]) {
      expectBadField(await list(`/api/whistle-reports?cursor=${encodeURIComponent(bad)}`, 'supervisor'), 'cursor');
    }
  });

  it('refuses a status or school that is not one, and an unknown filter, naming the field', async () => {
    expectBadField(await list('/api/whistle-reports?status=OPEN', 'supervisor'), 'status');
    expectBadField(await list('/api/whistle-reports?status=reported', 'school.reporter'), 'status');
    expectBadField(await list('/api/whistle-reports?schoolId=school-one', 'supervisor'), 'schoolId');
    // An unknown parameter is named in the message (it is no field of the request).
    const unknown = await list('/api/whistle-reports?school=x', 'supervisor');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('school');
  });

  it('refuses departments, inspectors and callers without a token', async () => {
    for (const user of ['police.handler', 'police.head', 'inspector']) {
      const refused = await list('/api/whistle-reports', user);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ status: 403 });
      expect(JSON.stringify(refused.body)).not.toContain(CANARY);
    }
    expect((await system.api('GET', '/api/whistle-reports')).status).toBe(401);
  });

  it('records no read of protected fields for a list, and logs no internal error', async () => {
    const reads = async () =>
      (await system.query<{ n: number }>('SELECT count(*)::int AS n FROM intake.field_reads'))[0].n;
    const before = await reads();
    await list('/api/whistle-reports?limit=200', 'bureau.reviewer');
    await list('/api/whistle-reports', 'school.reporter');
    expect(await reads()).toBe(before);
    // One report opened is one read, as before.
    expect((await system.api('GET', `/api/whistle-reports/${filed.one[0]}`, { as: 'bureau.reviewer' })).status).toBe(
      200,
    );
    expect(await reads()).toBe(before + 1);
    for (const service of ['gateway', 'intake'] as const) {
      expect(system.logLines(service).filter((line) => line.level === 'error')).toEqual([]);
    }
  });
});
