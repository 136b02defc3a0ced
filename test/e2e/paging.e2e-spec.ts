import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type ApiResponse, TestSystem, waitFor } from '#libs/testing';

/**
 * Every list route pages: `?cursor=&limit=` in, `{items, nextCursor}` out. Following the cursors
 * walks every item exactly once, in the list's order (the same order as the database's); the
 * limit is bounded; a bad limit or a cursor the list did not give out is a 400 naming the field.
 */
describe('paging of every list', () => {
  let system: TestSystem;
  let handlerId = '';

  type Item = Record<string, string | null>;
  interface List {
    path: string;
    as: string;
    /** The list's ids in its promised order, read from the database. */
    expected: () => Promise<string[]>;
    /** The sort key of an item, to check the order the API gives. */
    key: (item: Item) => string;
  }

  const REPORTS = 7;
  const idsOf = async (sql: string, params: unknown[] = []) =>
    (await system.query<{ id: string }>(sql, params)).map((row) => row.id);
  const severityRank = (severity: string | null) => ['urgent', 'high', 'normal'].indexOf(severity ?? '');

  const lists: Record<string, List> = {
    cases: {
      path: '/api/cases',
      as: 'taskforce.dispatcher',
      expected: () => idsOf('SELECT id FROM dispatch.cases ORDER BY reported_at DESC, id DESC'),
      key: (item) => `${item.reportedAt}`,
    },
    'cases in one status': {
      path: '/api/cases?status=ASSIGNED',
      as: 'supervisor',
      expected: () =>
        idsOf(`SELECT id FROM dispatch.cases WHERE status = 'ASSIGNED' ORDER BY reported_at DESC, id DESC`),
      key: (item) => `${item.reportedAt}`,
    },
    'whistle reports': {
      path: '/api/whistle-reports',
      as: 'school.reporter',
      expected: () => idsOf('SELECT id FROM intake.whistle_reports ORDER BY submitted_at DESC, id DESC'),
      key: (item) => `${item.submittedAt}`,
    },
    tasks: {
      path: '/api/tasks',
      as: 'police.handler',
      expected: () =>
        idsOf(
          `SELECT t.id FROM dispatch.tasks t JOIN dispatch.units u ON u.id = t.unit_id
            WHERE u.code = 'DM-PSB' ORDER BY t.created_at DESC, t.id DESC`,
        ),
      key: () => '',
    },
    inbox: {
      path: '/api/inbox',
      as: 'police.handler',
      expected: () =>
        idsOf('SELECT id FROM notify.notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC', [handlerId]),
      key: (item) => `${item.createdAt}`,
    },
    schools: {
      path: '/api/directory/schools',
      as: 'school.reporter',
      expected: () => idsOf(`SELECT id FROM identity.organisations WHERE kind = 'school' ORDER BY code`),
      key: (item) => `${item.code}`,
    },
    units: {
      path: '/api/directory/units',
      as: 'inspector',
      expected: () => idsOf(`SELECT id FROM identity.organisations WHERE kind = 'department' ORDER BY code`),
      key: (item) => `${item.code}`,
    },
    'SLA policies': {
      path: '/api/sla-policies',
      as: 'taskforce.dispatcher',
      expected: () => Promise.resolve(['urgent', 'high', 'normal']),
      key: (item) => `${item.severity}`,
    },
  };
  const idOf = (name: string, item: Item) => (name === 'SLA policies' ? item.severity : item.id)!;
  const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

  /** Follows nextCursor from the first page to the last; each page holds at most `limit` items. */
  async function walk(name: string, limit: number): Promise<{ ids: string[]; items: Item[]; pages: number }> {
    const list = lists[name];
    const items: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const page: ApiResponse = await system.api('GET', withQuery(list.path, query), { as: list.as });
      expect(page.status).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(['items', 'nextCursor']);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      if (page.body.nextCursor !== null) expect(page.body.items).toHaveLength(limit);
      items.push(...(page.body.items as Item[]));
      cursor = page.body.nextCursor as string | null;
      pages += 1;
      expect(pages).toBeLessThan(100);
    } while (cursor);
    return { ids: items.map((item) => idOf(name, item)), items, pages };
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    const units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body
      .items as Item[];
    const unit = (code: string) => units.find((u) => u.code === code)!.id!;
    const report = {
      category: 'bullying',
      severity: 'normal',
      title: 'Paging',
      description: 'One of several reports',
      location: 'Yard',
    };
    const reports: string[] = [];
    for (let i = 0; i < REPORTS; i += 1) {
      const accepted = await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body: report });
      expect(accepted.status).toBe(201);
      reports.push(accepted.body.id as string);
    }
    await waitFor('every case in dispatch', async () => {
      const [row] = await system.query<{ n: number }>('SELECT count(*)::int AS n FROM dispatch.cases');
      return row.n === REPORTS;
    });
    // Most cases assigned (lead and assisting tasks made in one transaction share their created_at).
    for (const id of reports.slice(0, 5)) {
      const assigned = await system.api('POST', `/api/cases/${id}/assign`, {
        as: 'taskforce.dispatcher',
        body: { leadUnitId: unit('DM-PSB'), assistingUnitIds: [unit('DM-EDU')], severity: 'high' },
      });
      expect(assigned.status).toBe(200);
    }
    const handler = await system.tokenFor('police.handler');
    handlerId = JSON.parse(Buffer.from(handler.split('.')[1], 'base64url').toString()).sub as string;
    await waitFor('the handler to be told of every task', async () => {
      const [row] = await system.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM notify.notifications WHERE user_id = $1',
        [handlerId],
      );
      return row.n === 5;
    });
    // Notifications that share one instant, as a fan-out in one transaction makes them: only the
    // id tells them apart, so a cursor without it would skip or repeat some.
    const db = new pg.Client({ connectionString: system.isolation.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO notify.notifications (user_id, kind, title, source_event_id, created_at)
         SELECT $1, 'task-assigned', 'Same instant', gen_random_uuid(), '2026-06-01T00:00:00.123456Z'
           FROM generate_series(1, 5)`,
        [handlerId],
      );
    } finally {
      await db.end();
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  it.each(Object.keys(lists))('walks %s exactly once, in order, a page at a time', async (name) => {
    const expected = await lists[name].expected();
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const limit of [1, 2, 200]) {
      const walked = await walk(name, limit);
      expect(walked.ids).toEqual(expected);
      expect(new Set(walked.ids).size).toBe(walked.ids.length);
      expect(walked.pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
    }
    const keys = (await walk(name, 200)).items.map(lists[name].key);
    if (name === 'SLA policies') expect(keys.map(severityRank)).toEqual([0, 1, 2]);
    else if (name === 'schools' || name === 'units') expect(keys).toEqual([...keys].sort());
    else expect(keys).toEqual([...keys].sort().reverse());
  });

  it('keeps the status filter while paging', async () => {
    const walked = await walk('cases in one status', 2);
    expect(walked.items.length).toBe(5);
    expect(walked.items.every((item) => item.status === 'ASSIGNED')).toBe(true);
  });

  it('gives 50 items when no limit is asked for, and at most 200', async () => {
    const first = await system.api('GET', '/api/inbox', { as: 'police.handler' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(first.body.items).toHaveLength(10);
    const most = await system.api('GET', '/api/inbox?limit=200', { as: 'police.handler' });
    expect(most.body.items).toHaveLength(10);
  });

  const expectBadField = (response: ApiResponse, field: string) => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, field, message: expect.stringContaining(field) });
  };

  describe.each(Object.keys(lists))('%s', (name) => {
    it.each(['0', '201', '-1', '1.5', 'ten', '', '1e2'])('refuses limit=%s naming the field', async (limit) => {
      const { path, as } = lists[name];
      expectBadField(await system.api('GET', withQuery(path, `limit=${encodeURIComponent(limit)}`), { as }), 'limit');
    });

    it('refuses a limit given twice', async () => {
      const { path, as } = lists[name];
      expectBadField(await system.api('GET', withQuery(path, 'limit=1&limit=2'), { as }), 'limit');
    });

    it('refuses a cursor it did not give out, naming the field', async () => {
      const { path, as } = lists[name];
      const real = await system.api('GET', withQuery(path, 'limit=1'), { as });
      const cursor = real.body.nextCursor as string;
      expect(typeof cursor).toBe('string');
      const tampered = [
        'not-a-cursor!',
        Buffer.from('{"oops":').toString('base64url'),
        Buffer.from(JSON.stringify(['2026-02-30T00:00:00.000000Z', randomUUID()])).toString('base64url'),
        Buffer.from(JSON.stringify(["x' OR '1'='1"]))
          .toString('base64url')
          .slice(0, -2),
        Buffer.from(JSON.stringify([1, 2, 3])).toString('base64url'),
        `${cursor.slice(0, 8)}!${cursor.slice(9)}`,
        'A'.repeat(600),
      ];
      for (const bad of tampered) {
        expectBadField(await system.api('GET', withQuery(path, `cursor=${encodeURIComponent(bad)}`), { as }), 'cursor');
      }
    });
  });

  it("refuses another list's cursor", async () => {
    const policies = await system.api('GET', '/api/sla-policies?limit=1', { as: 'taskforce.dispatcher' });
    const casesPage = await system.api('GET', `/api/cases?cursor=${policies.body.nextCursor}`, {
      as: 'taskforce.dispatcher',
    });
    expectBadField(casesPage, 'cursor');
  });

  it('logged no internal error for any of it', () => {
    for (const service of ['gateway', 'intake', 'dispatch', 'notify'] as const) {
      expect(system.logLines(service).filter((line) => line.level === 'error')).toEqual([]);
    }
  });
});
