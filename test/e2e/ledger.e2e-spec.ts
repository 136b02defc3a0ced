import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { type ApiResponse, TestSystem, waitFor } from '#libs/testing';

/**
 * The county's desk on the real system: a fixture built through the API (six school reports, tasks
 * for four units, acknowledgements on time and late, a decline, an extension, a rectification
 * confirmed, two acknowledgement deadlines breached through a three-second SLA), then the ledger's
 * filters and paging against its CSV and XLSX exports row for row, what each role sees, the
 * statistics against a hand count of the fixture, and bad filters refused naming the field.
 */
describe('the ledger and statistics', () => {
  const ZONE = 'Asia/Shanghai'; // COUNTY_TIMEZONE's default, which the test system keeps
  let system: TestSystem;
  const unit: Record<string, string> = {};
  const unitName: Record<string, string> = {};
  const c: Record<string, { id: string; tasks: Record<string, string> }> = {};
  let school1 = '';
  let school2 = '';

  type Row = Record<string, any>;

  const ok = (response: ApiResponse, status = 200) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    return response.body;
  };
  const post = (path: string, as: string, body?: unknown) => system.api('POST', path, { as, body });

  const report = async (as: string, category: string, severity = 'high') => {
    const submitted = ok(
      await post('/api/whistle-reports', as, {
        category,
        severity,
        title: `A ${category} report`,
        description: 'Seen by the teacher on duty.',
        location: 'Playground',
      }),
      201,
    );
    await waitFor(
      `case ${submitted.id} to open`,
      async () =>
        (await system.api('GET', `/api/cases/${submitted.id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    return submitted.id as string;
  };
  const assign = async (caseId: string, lead: string, assisting: string[], severity = 'high') => {
    const assigned = ok(
      await post(`/api/cases/${caseId}/assign`, 'taskforce.dispatcher', {
        leadUnitId: unit[lead],
        assistingUnitIds: assisting.map((code) => unit[code]),
        severity,
      }),
    );
    const codeOf = (id: string) => Object.keys(unit).find((code) => unit[code] === id)!;
    return Object.fromEntries(
      assigned.tasks.map((task: { id: string; unitId: string }) => [codeOf(task.unitId), task.id]),
    ) as Record<string, string>;
  };
  /** The ack breach and the first rung after it (due at the same instant) both fired. */
  const waitForBreach = (taskId: string) =>
    waitFor(
      `task ${taskId}'s acknowledgement deadline to breach`,
      async () =>
        (
          await system.query(
            `SELECT 1 FROM dispatch.deadlines WHERE task_id = $1 AND kind = 'ack'
                AND step IN ('breach', 'escalation:1') AND fired_at IS NOT NULL`,
            [taskId],
          )
        ).length === 2,
      { timeoutMs: 60_000, intervalMs: 250 },
    );

  beforeAll(async () => {
    system = await TestSystem.start();
  }, 300_000);
  beforeAll(async () => {
    for (const u of ok(await system.api('GET', '/api/directory/units', { as: 'admin' })).items) {
      unit[u.code] = u.id;
      unitName[u.code] = u.name;
    }
    // A three-second acknowledgement window for normal severity: its cases breach during the test.
    ok(
      await system.api('PUT', '/api/sla-policies/normal', {
        as: 'admin',
        body: { ackWithin: 'PT3S', rectifyWithin: 'P7D', clock: 'calendar' },
      }),
    );

    // A: PSB leads, culture assists; both on time, feedback, rectified, verified, confirmed → CLOSED.
    c.A = { id: await report('school.reporter', 'bullying'), tasks: {} };
    c.A.tasks = await assign(c.A.id, 'DM-PSB', ['DM-CULTOUR']);
    ok(await post(`/api/tasks/${c.A.tasks['DM-PSB']}/acknowledge`, 'police.handler'));
    ok(await post(`/api/tasks/${c.A.tasks['DM-CULTOUR']}/acknowledge`, 'culture.handler'));
    ok(await post(`/api/tasks/${c.A.tasks['DM-CULTOUR']}/feedback`, 'culture.handler', { summary: 'cafes checked' }));
    ok(await post(`/api/tasks/${c.A.tasks['DM-PSB']}/rectify`, 'police.handler', { summary: 'patrols posted' }));
    ok(await post(`/api/cases/${c.A.id}/verify`, 'taskforce.dispatcher', { note: 'seen on site' }));
    ok(await post(`/api/cases/${c.A.id}/confirm`, 'school.reporter'));
    // B: education leads and acknowledges; PSB, assisting, declines → TRANSFERRED.
    c.B = { id: await report('school.reporter', 'public-safety'), tasks: {} };
    c.B.tasks = await assign(c.B.id, 'DM-EDU', ['DM-PSB']);
    ok(await post(`/api/tasks/${c.B.tasks['DM-EDU']}/acknowledge`, 'edu.handler'));
    ok(await post(`/api/tasks/${c.B.tasks['DM-PSB']}/decline`, 'police.handler', { reason: 'not ours' }));
    // C: not assigned yet: one row without a unit.
    c.C = { id: await report('school2.reporter', 'psychological'), tasks: {} };
    // D: normal severity, the political-legal committee acknowledges after the breach.
    c.D = { id: await report('school2.reporter', 'dropout', 'normal'), tasks: {} };
    c.D.tasks = await assign(c.D.id, 'DM-PLC', [], 'normal');
    // E: culture leads, asks for more time to acknowledge, is granted it, acknowledges.
    c.E = { id: await report('school.reporter', 'bullying'), tasks: {} };
    c.E.tasks = await assign(c.E.id, 'DM-CULTOUR', []);
    // Two days past the deadline in working time (on a Friday, two days from now come before it).
    const [{ due }] = await system.query<{ due: Date }>(
      `SELECT due_at AS due FROM dispatch.deadlines
        WHERE task_id = $1 AND kind = 'ack' AND step = 'breach' AND cancelled_at IS NULL`,
      [c.E.tasks['DM-CULTOUR']],
    );
    const asked = ok(
      await post(`/api/tasks/${c.E.tasks['DM-CULTOUR']}/extensions`, 'culture.handler', {
        reason: 'the officer is away',
        requestedDueAt: new Date(due.getTime() + 2 * 86_400_000).toISOString(),
      }),
      201,
    );
    ok(await post(`/api/extensions/${asked.id}/decision`, 'taskforce.dispatcher', { approve: true, reason: 'fine' }));
    ok(await post(`/api/tasks/${c.E.tasks['DM-CULTOUR']}/acknowledge`, 'culture.handler'));
    // F: normal severity, education never acknowledges: overdue.
    c.F = { id: await report('school2.reporter', 'sunshine-school', 'normal'), tasks: {} };
    c.F.tasks = await assign(c.F.id, 'DM-EDU', [], 'normal');

    await waitForBreach(c.D.tasks['DM-PLC']);
    ok(await post(`/api/tasks/${c.D.tasks['DM-PLC']}/acknowledge`, 'plc.handler'));
    await waitForBreach(c.F.tasks['DM-EDU']);

    school1 = ok(await system.api('GET', `/api/cases/${c.A.id}`, { as: 'taskforce.dispatcher' })).schoolId;
    school2 = ok(await system.api('GET', `/api/cases/${c.C.id}`, { as: 'taskforce.dispatcher' })).schoolId;
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
  });

  // ---- reading the three forms -------------------------------------------------------------

  /** Every row of the JSON ledger, walked page by page. */
  const walk = async (query: string, as = 'taskforce.dispatcher', limit = 2) => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const page: ApiResponse = await system.api(
        'GET',
        `/api/ledger?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        { as },
      );
      const body = ok(page);
      expect(body.items.length).toBeLessThanOrEqual(limit);
      if (total !== undefined) expect(body.total).toBe(total);
      total = body.total;
      rows.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(rows).toHaveLength(total!);
    return rows;
  };

  const download = async (path: string, as: string) => {
    const response = await fetch(system.url(path), {
      headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
    });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  /** RFC 4180, as the export writes it: quoted cells may hold commas, quotes and line breaks. */
  const parseCsv = (text: string): string[][] => {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted && ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (quoted && ch === '"') {
        quoted = false;
      } else if (quoted) {
        cell += ch;
      } else if (ch === '"') {
        quoted = true;
      } else if (ch === ',') {
        row.push(cell);
        cell = '';
      } else if (ch === '\r' && text[i + 1] === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        i++;
      } else {
        cell += ch;
      }
    }
    return rows;
  };

  const csvOf = async (query: string, as = 'taskforce.dispatcher') => {
    const file = await download(`/api/ledger.csv?${query}`, as);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="ledger-\d{8}-\d{4}\.csv"/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(file.bytes.toString('utf8').slice(1));
    return { header, rows };
  };

  const xlsxOf = async (query: string, as = 'taskforce.dispatcher') => {
    const file = await download(`/api/ledger.xlsx?${query}`, as);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/filename="ledger-\d{8}-\d{4}\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as unknown[];
      rows.push(Array.from({ length: 20 }, (_, i) => (values[i + 1] == null ? '' : String(values[i + 1]))));
    });
    const [header, ...rest] = rows;
    return { header, rows: rest };
  };

  const county = (iso: string | null) =>
    iso === null ? '' : DateTime.fromISO(iso).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm:ss');
  /** The cells the export must hold for a JSON row, computed here on their own. */
  const expectedCells = (row: Row, lang: 'zh' | 'en' = 'zh') => [
    row.reference,
    county(row.reportedAt),
    row.schoolName ?? '',
    row.category,
    row.severity,
    row.source,
    row.caseStatus,
    row.unitName ?? '',
    row.role ?? '',
    row.taskStatus ?? '',
    county(row.ackDueAt),
    county(row.acknowledgedAt),
    county(row.rectifyDueAt),
    county(row.rectifiedAt),
    row.overdue ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no',
    row.extensionStatus ?? '',
    county(row.extensionDueAt),
    String(row.extensionsAsked),
    row.caseId,
    row.taskId ?? '',
  ];

  const ours = (rows: Row[]) => rows.filter((row) => Object.values(c).some((k) => k.id === row.caseId));
  const keyOf = (row: Row) => `${row.caseId}/${row.unitId ?? '-'}`;
  const keysOf = (fixture: Array<[string, string | null]>) =>
    fixture.map(([name, code]) => `${c[name].id}/${code ? unit[code] : '-'}`).sort();

  // ---- the ledger -----------------------------------------------------------------------------

  it('has one row per task and one for a case without a unit, newest case first, lead first', async () => {
    const rows = await walk('');
    expect(rows.map(keyOf).sort()).toEqual(
      keysOf([
        ['A', 'DM-PSB'],
        ['A', 'DM-CULTOUR'],
        ['B', 'DM-EDU'],
        ['B', 'DM-PSB'],
        ['C', null],
        ['D', 'DM-PLC'],
        ['E', 'DM-CULTOUR'],
        ['F', 'DM-EDU'],
      ]),
    );
    const reported = rows.map((row) => Date.parse(row.reportedAt));
    expect(reported).toEqual([...reported].sort((a, b) => b - a));
    expect(rows.map((row) => row.caseId)).toEqual([c.F.id, c.E.id, c.D.id, c.C.id, c.B.id, c.B.id, c.A.id, c.A.id]);
    expect(rows.filter((row) => row.caseId === c.A.id).map((row) => row.role)).toEqual(['lead', 'assisting']);

    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    const row = (name: string, code: string | null) => byKey.get(`${c[name].id}/${code ? unit[code] : '-'}`)!;
    expect(row('A', 'DM-PSB')).toMatchObject({
      caseStatus: 'CLOSED',
      unitName: unitName['DM-PSB'],
      role: 'lead',
      taskStatus: 'RECTIFIED',
      acknowledgedAt: expect.any(String),
      rectifiedAt: expect.any(String),
      overdue: false,
      schoolId: school1,
    });
    expect(row('A', 'DM-CULTOUR')).toMatchObject({ role: 'assisting', rectifiedAt: expect.any(String) });
    expect(row('B', 'DM-PSB')).toMatchObject({ caseStatus: 'TRANSFERRED', taskStatus: 'DECLINED', overdue: false });
    expect(row('C', null)).toMatchObject({
      caseStatus: 'REPORTED',
      taskId: null,
      unitId: null,
      ackDueAt: null,
      overdue: false,
      schoolId: school2,
    });
    const d = row('D', 'DM-PLC');
    expect(d).toMatchObject({ severity: 'normal', taskStatus: 'ACKNOWLEDGED', overdue: false });
    expect(Date.parse(d.acknowledgedAt)).toBeGreaterThan(Date.parse(d.ackDueAt));
    expect(row('E', 'DM-CULTOUR')).toMatchObject({ extensionStatus: 'approved', extensionsAsked: 1 });
    expect(row('E', 'DM-CULTOUR').extensionDueAt).toBe(row('E', 'DM-CULTOUR').ackDueAt);
    expect(row('F', 'DM-EDU')).toMatchObject({ taskStatus: 'ASSIGNED', acknowledgedAt: null, overdue: true });
  });

  const filters: Array<[string, () => string, () => string[]]> = [
    ['every row', () => '', () => Object.keys(c)],
    ['a status', () => 'status=TRANSFERRED', () => ['B', 'B']],
    ['a unit', () => `unitId=${unit['DM-PSB']}`, () => ['B', 'A']],
    ['a school', () => `schoolId=${school2}`, () => ['F', 'D', 'C']],
    ['a category', () => 'category=bullying', () => ['E', 'A', 'A']],
    ['a source', () => 'source=tip', () => []],
    ['a severity', () => 'severity=normal', () => ['F', 'D']],
    ['overdue', () => 'overdue=true', () => ['F']],
    ['not overdue and a unit', () => `overdue=false&unitId=${unit['DM-EDU']}`, () => ['B']],
    ['a category and a unit', () => `category=bullying&unitId=${unit['DM-CULTOUR']}`, () => ['E', 'A']],
    ['from today (a county date)', () => `from=${DateTime.now().setZone(ZONE).toISODate()}`, () => Object.keys(c)],
    ['to yesterday', () => `to=${DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()}`, () => []],
    [
      'between instants',
      () =>
        `from=${encodeURIComponent(DateTime.now().minus({ days: 1 }).toISO())}&to=${new Date(Date.now() + 60_000).toISOString()}`,
      () => Object.keys(c),
    ],
  ];

  it.each(filters)('filters %s, and the CSV and the XLSX agree with it row for row', async (_, query, expected) => {
    const rows = await walk(query());
    const cases = expected();
    if (cases.length === Object.keys(c).length && cases.every((name) => name in c)) {
      expect(new Set(rows.map((row) => row.caseId))).toEqual(new Set(Object.values(c).map((k) => k.id)));
    } else {
      expect(rows.map((row) => row.caseId)).toEqual(cases.map((name) => c[name].id));
    }
    const cells = rows.map((row) => expectedCells(row));
    const csv = await csvOf(query());
    expect(csv.header[0]).toBe('案件编号');
    expect(csv.rows).toEqual(cells);
    const xlsx = await xlsxOf(query());
    expect(xlsx.header).toEqual(csv.header);
    expect(xlsx.rows).toEqual(cells);
  });

  it('writes the times as county wall-clock time and English headers with ?lang=en', async () => {
    const [row] = await walk(`unitId=${unit['DM-PLC']}`);
    const csv = await csvOf(`unitId=${unit['DM-PLC']}&lang=en`);
    expect(csv.header.slice(0, 3)).toEqual(['Reference', 'Reported', 'School']);
    expect(csv.rows).toEqual([expectedCells(row, 'en')]);
    // Shanghai is UTC+8 all year: the wall-clock time is eight hours ahead of the instant.
    const reported = DateTime.fromFormat(csv.rows[0][1], 'yyyy-MM-dd HH:mm:ss', { zone: 'UTC' });
    expect(reported.toMillis() - Math.floor(Date.parse(row.reportedAt) / 1000) * 1000).toBe(8 * 3_600_000);
    const xlsx = await xlsxOf(`unitId=${unit['DM-PLC']}&lang=en`);
    expect(xlsx.header).toEqual(csv.header);
    expect(xlsx.rows).toEqual(csv.rows);
  });

  it('shows a unit only its own tasks and a school only its own cases', async () => {
    const police = await walk('', 'police.handler');
    expect(police.map(keyOf).sort()).toEqual(
      keysOf([
        ['A', 'DM-PSB'],
        ['B', 'DM-PSB'],
      ]),
    );
    expect((await csvOf('', 'police.head')).rows.map((r) => r[19]).sort()).toEqual(
      [c.A.tasks['DM-PSB'], c.B.tasks['DM-PSB']].sort(),
    );
    // Another unit's filter gives a unit nothing, not that unit's rows.
    expect(await walk(`unitId=${unit['DM-EDU']}`, 'police.handler')).toEqual([]);

    const school = await walk('', 'school2.reporter');
    expect(ours(school).map((row) => row.caseId)).toEqual([c.F.id, c.D.id, c.C.id]);
    expect(school.every((row) => row.schoolId === school2)).toBe(true);
    expect(await walk(`schoolId=${school2}`, 'school.reporter')).toEqual([]);
    expect((await xlsxOf('', 'school.reporter')).rows.map((r) => r[18])).toEqual([
      c.E.id,
      c.B.id,
      c.B.id,
      c.A.id,
      c.A.id,
    ]);

    expect((await walk('', 'bureau.reviewer')).length).toBe(8);
    for (const path of ['/api/ledger', '/api/ledger.csv', '/api/ledger.xlsx']) {
      expect((await system.api('GET', path, { as: 'inspector' })).status).toBe(403);
      expect((await system.api('GET', path)).status).toBe(401);
    }
  });

  it('refuses bad filters with a 400 naming the field, on the list and the exports', async () => {
    const cases: Array<[string, string]> = [
      ['status=NOPE', 'status'],
      ['unitId=abc', 'unitId'],
      ['schoolId=1', 'schoolId'],
      ['category=theft', 'category'],
      ['source=rumour', 'source'],
      ['severity=mild', 'severity'],
      ['overdue=yes', 'overdue'],
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-11-03&to=2026-11-01', 'to'],
      ['cursor=not-a-cursor', 'cursor'],
      ['colour=red', ''],
    ];
    for (const [query, field] of cases) {
      for (const path of ['/api/ledger', '/api/ledger.csv', '/api/ledger.xlsx']) {
        const response = await system.api('GET', `${path}?${query}`, { as: 'taskforce.dispatcher' });
        expect({ query, path, status: response.status }).toEqual({ query, path, status: 400 });
        if (field) expect({ query, path, field: response.body.field }).toEqual({ query, path, field });
        else expect(response.body.message).toContain('colour');
      }
    }
    expect((await system.api('GET', '/api/ledger?limit=201', { as: 'supervisor' })).body.field).toBe('limit');
    expect((await system.api('GET', '/api/ledger.csv?limit=10', { as: 'supervisor' })).body.field).toBe('limit');
    expect((await system.api('GET', '/api/ledger.csv?lang=fr', { as: 'supervisor' })).body.field).toBe('lang');
    for (const path of ['/api/stats/units', '/api/stats/overview']) {
      const bad = await system.api('GET', `${path}?from=2026-13-01`, { as: 'supervisor' });
      expect({ status: bad.status, field: bad.body.field }).toEqual({ status: 400, field: 'from' });
      const long = await system.api('GET', `${path}?from=2020-01-01&to=2026-01-01`, { as: 'supervisor' });
      expect({ status: long.status, field: long.body.field }).toEqual({ status: 400, field: 'from' });
    }
  });

  // ---- statistics -------------------------------------------------------------------------------

  const median = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    if (s.length === 0) return null;
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  /** Seconds from assignment to acknowledgement and to the unit's part done, read from the tasks. */
  const durations = async (code: string) => {
    const tasks = await system.query<{ ack: number | null; done: number | null }>(
      `SELECT extract(epoch FROM acknowledged_at - created_at)::float8 AS ack,
              extract(epoch FROM coalesce(rectified_at, feedback_at) - created_at)::float8 AS done
         FROM dispatch.tasks WHERE unit_id = $1 AND status <> 'DECLINED'`,
      [unit[code]],
    );
    return {
      ack: median(tasks.flatMap((t) => (t.ack === null ? [] : [t.ack]))),
      done: median(tasks.flatMap((t) => (t.done === null ? [] : [t.done]))),
    };
  };

  it('counts each unit as the fixture was built', async () => {
    const answer = ok(await system.api('GET', '/api/stats/units', { as: 'supervisor' }));
    const byUnit = Object.fromEntries(answer.items.map((item: Row) => [item.unitId, item]));
    const expected = {
      // A lead: on time, rectified on time. B assisting: declined (counted, not judged).
      'DM-PSB': { tasks: 2, declined: 1, ack: [1, 1, 1], rectify: [1, 1, 1], ext: [0, 0], breaches: 0, esc: {} },
      // A assisting: on time, feedback on time. E lead: acknowledged within its extended deadline.
      'DM-CULTOUR': { tasks: 2, declined: 0, ack: [2, 2, 1], rectify: [1, 1, 1], ext: [1, 1], breaches: 0, esc: {} },
      // B lead: on time. F lead: never acknowledged, breached; its rectification is not due yet.
      'DM-EDU': {
        tasks: 2,
        declined: 0,
        ack: [1, 2, 0.5],
        rectify: [0, 0, null],
        ext: [0, 0],
        breaches: 1,
        esc: { 1: 1 },
      },
      // D lead: acknowledged after the breach.
      'DM-PLC': {
        tasks: 1,
        declined: 0,
        ack: [0, 1, 0],
        rectify: [0, 0, null],
        ext: [0, 0],
        breaches: 1,
        esc: { 1: 1 },
      },
    };
    expect(Object.keys(byUnit).sort()).toEqual(
      Object.keys(expected)
        .map((code) => unit[code])
        .sort(),
    );
    for (const [code, e] of Object.entries(expected)) {
      const times = await durations(code);
      expect({ code, ...byUnit[unit[code]] }).toEqual({
        code,
        unitId: unit[code],
        unitName: unitName[code],
        tasks: e.tasks,
        declined: e.declined,
        acknowledgedOnTime: { count: e.ack[0], of: e.ack[1], rate: e.ack[2] },
        rectifiedOnTime: { count: e.rectify[0], of: e.rectify[1], rate: e.rectify[2] },
        medianSecondsToAcknowledge: times.ack === null ? null : expect.closeTo(times.ack, 3),
        medianSecondsToRectify: times.done === null ? null : expect.closeTo(times.done, 3),
        extensions: { asked: e.ext[0], granted: e.ext[1] },
        breaches: { ack: e.breaches, rectify: 0, total: e.breaches },
        escalations: e.esc,
      });
    }
    // A period before the fixture has no tasks.
    const before = ok(await system.api('GET', '/api/stats/units?from=2026-01-01&to=2026-01-31', { as: 'admin' }));
    expect(before.items).toEqual([]);
  });

  it('gives the overview of the fixture: by category, status, source, school, and this week', async () => {
    const today = DateTime.now().setZone(ZONE);
    const answer = ok(
      await system.api('GET', `/api/stats/overview?from=${today.toISODate()}&to=${today.toISODate()}`, {
        as: 'taskforce.dispatcher',
      }),
    );
    const sorted = (list: Row[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(answer.cases).toBe(6);
    expect(sorted(answer.byCategory)).toEqual(
      sorted([
        { category: 'bullying', cases: 2 },
        { category: 'public-safety', cases: 1 },
        { category: 'psychological', cases: 1 },
        { category: 'dropout', cases: 1 },
        { category: 'sunshine-school', cases: 1 },
      ]),
    );
    expect(sorted(answer.byStatus)).toEqual(
      sorted([
        { status: 'CLOSED', cases: 1 },
        { status: 'TRANSFERRED', cases: 1 },
        { status: 'REPORTED', cases: 1 },
        { status: 'ACKNOWLEDGED', cases: 2 },
        { status: 'ASSIGNED', cases: 1 },
      ]),
    );
    expect(answer.bySource).toEqual([{ source: 'report', cases: 6 }]);
    expect(sorted(answer.topSchools.map((s: Row) => ({ schoolId: s.schoolId, cases: s.cases })))).toEqual(
      sorted([
        { schoolId: school1, cases: 3 },
        { schoolId: school2, cases: 3 },
      ]),
    );
    expect(answer.topSchools.every((s: Row) => typeof s.schoolName === 'string')).toBe(true);
    const monday = today.startOf('week').toISODate();
    expect(answer.weekly).toEqual([{ weekStart: monday, opened: 6, closed: 1, overdue: 2 }]);

    const quarter = ok(await system.api('GET', '/api/stats/overview', { as: 'admin' }));
    expect(quarter.weekly.length).toBeGreaterThanOrEqual(13);
    expect(quarter.weekly.every((w: Row) => DateTime.fromISO(w.weekStart, { zone: ZONE }).weekday === 1)).toBe(true);
    expect(quarter.weekly.at(-1)).toEqual({ weekStart: monday, opened: 6, closed: 1, overdue: 2 });
    expect(quarter.weekly.slice(0, -1).every((w: Row) => w.opened + w.closed + w.overdue === 0)).toBe(true);
  });

  it('lets only the task force, supervisors and administrators read the statistics', async () => {
    for (const path of ['/api/stats/units', '/api/stats/overview']) {
      for (const as of ['taskforce.dispatcher', 'supervisor', 'admin']) {
        expect((await system.api('GET', path, { as })).status).toBe(200);
      }
      for (const as of ['police.handler', 'school.reporter', 'inspector', 'bureau.reviewer']) {
        expect({ path, as, status: (await system.api('GET', path, { as })).status }).toEqual({ path, as, status: 403 });
      }
    }
  });
});
