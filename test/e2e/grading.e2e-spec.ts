import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestSystem, waitFor } from '#libs/testing';
import { dueQuarter, quarterOf } from '../../apps/grading/src/quarters/quarters.js';

/**
 * Grading through the gateway against every service as its own process: inspections and
 * checklists, the quarterly run (draft, re-run, publish), a school that gets worse downgraded with
 * its reasons, a veto, the events of publishing, appeals filed, listed and decided, and the bulletin
 * read as a reader would.
 */
describe('grading', () => {
  let system: TestSystem;
  let schools: Record<string, string>;
  let units: Array<{ id: string; code: string }>;
  /** The appeal amended in the appeals test, listed among the decided ones afterwards. */
  let amendedAppeal: string;
  const zone = 'Asia/Shanghai';
  // Inputs made now fall in the current quarter; the one before it is the "last quarter".
  const current = quarterOf(new Date(), zone);
  const previous = dueQuarter(new Date(), 0, zone);
  const lastTerm = (quarter: string) =>
    `${quarter.slice(0, 4)}-${Number(quarter.slice(-1)) <= 2 ? 'spring' : 'autumn'}`;
  /** A moment in the middle of the previous quarter. */
  const inPrevious = () => {
    const year = Number(previous.slice(0, 4));
    const q = Number(previous.slice(-1));
    return new Date(Date.UTC(year, (q - 1) * 3 + 1, 15, 4)).toISOString();
  };

  const count = async (table: string) =>
    (await system.query<{ n: number }>(`SELECT count(*)::int AS n FROM grading.${table}`))[0].n;
  const outbox = (type: string) =>
    system.query<{ envelope: { payload: Record<string, unknown> } }>(
      'SELECT envelope FROM grading.outbox WHERE type = $1 ORDER BY created_at',
      [type],
    );
  const allDone = { done: true };
  const fullChecklist = {
    guardPost: allDone,
    legalVicePrincipal: { done: true, note: '已聘任' },
    oneKeyAlarm: allDone,
    safetyEducation: allDone,
    fireElectricGas: allDone,
    drills: allDone,
  };

  beforeAll(async () => {
    system = await TestSystem.start({ env: { COUNTY_TIMEZONE: zone } });
    const listed = await system.api('GET', '/api/directory/schools', { as: 'admin' });
    schools = Object.fromEntries(listed.body.items.map((s: { id: string; code: string }) => [s.code, s.id]));
    units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items;
    await waitFor('grading to know the schools', async () => (await count('schools')) === 3);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('made the due quarter’s draft by itself at start-up', async () => {
    // With GRADING_DRAFT_AFTER_DAYS=7 the due quarter is the last one ended over a week ago.
    const due = dueQuarter(new Date(), 7, zone);
    await waitFor('the scheduled draft', async () => {
      const grading = await system.api('GET', `/api/gradings/${due}`, { as: 'admin' });
      return grading.status === 200 && grading.body.status === 'draft';
    });
  });

  it('keeps a school’s checklist per term: its reporter and inspectors write it, other schools cannot', async () => {
    const school = schools['DM-S001'];
    const empty = await system.api('GET', `/api/schools/${school}/checklist/${lastTerm(previous)}`, {
      as: 'school.reporter',
    });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ doneCount: 0, guardPost: { done: false } });

    const put = await system.api('PUT', `/api/schools/${school}/checklist/${lastTerm(previous)}`, {
      as: 'school.reporter',
      body: fullChecklist,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ doneCount: 6, legalVicePrincipal: { done: true, note: '已聘任' } });
    if (lastTerm(current) !== lastTerm(previous)) {
      await system.api('PUT', `/api/schools/${school}/checklist/${lastTerm(current)}`, {
        as: 'school.reporter',
        body: fullChecklist,
      });
    }
    const seen = await system.api('GET', `/api/schools/${school}/checklist/${lastTerm(previous)}`, { as: 'inspector' });
    expect(seen.body.doneCount).toBe(6);

    const before = await count('checklists');
    const notOwn = await system.api('PUT', `/api/schools/${schools['DM-S002']}/checklist/${lastTerm(previous)}`, {
      as: 'school.reporter',
      body: fullChecklist,
    });
    expect(notOwn.status).toBe(404);
    const wrongRole = await system.api('PUT', `/api/schools/${school}/checklist/${lastTerm(previous)}`, {
      as: 'supervisor',
      body: fullChecklist,
    });
    expect(wrongRole.status).toBe(403);
    const missingItem = await system.api('PUT', `/api/schools/${school}/checklist/${lastTerm(previous)}`, {
      as: 'inspector',
      body: { ...fullChecklist, drills: undefined },
    });
    expect(missingItem.status).toBe(400);
    expect(missingItem.body.field).toBe('drills');
    const badTerm = await system.api('GET', `/api/schools/${school}/checklist/2026-winter`, { as: 'inspector' });
    expect(badTerm.status).toBe(400);
    expect(badTerm.body.field).toBe('term');
    expect(await count('checklists')).toBe(before);
  });

  it('records inspections, raises findings that need departments, and rejects bad input and wrong callers', async () => {
    const recorded = await system.api('POST', '/api/inspections', {
      as: 'inspector',
      body: {
        schoolId: schools['DM-S003'],
        kind: 'campaign',
        campaign: '秋季开学安全检查',
        at: inPrevious(),
        findings: [
          { item: '消防通道堵塞', severity: 'minor', note: '已当场清理', hazard: true, needsUnits: false },
          { item: '校门口交通秩序', severity: 'minor', hazard: true, needsUnits: true },
        ],
      },
    });
    expect(recorded.status).toBe(201);
    const raised = (await outbox('grading.inspection.finding-raised')).map((row) => row.envelope.payload);
    expect(raised).toEqual([
      expect.objectContaining({ inspectionId: recorded.body.id, findingIndex: 1, schoolId: schools['DM-S003'] }),
    ]);
    expect(JSON.stringify(raised)).not.toContain('交通');
    // Dispatch opens a case of source inspection for the school, in the task force's queue.
    await waitFor('the finding’s case in dispatch', async () => {
      const cases = await system.query<{ status: string }>(
        `SELECT status FROM dispatch.cases WHERE source = 'inspection' AND school_id = $1`,
        [schools['DM-S003']],
      );
      return cases.length === 1 && cases[0].status === 'FORWARDED';
    });

    const own = await system.api('GET', `/api/inspections?schoolId=${schools['DM-S003']}`, {
      as: 'taskforce.dispatcher',
    });
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([recorded.body.id]);
    expect(own.body.items[0].findings).toHaveLength(2);
    const otherSchool = await system.api('GET', `/api/inspections?schoolId=${schools['DM-S003']}`, {
      as: 'school.reporter',
    });
    expect(otherSchool.status).toBe(404);
    const mine = await system.api('GET', '/api/inspections', { as: 'school.reporter' });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);

    const before = await count('inspections');
    const good = { schoolId: schools['DM-S001'], kind: 'daily', at: new Date().toISOString(), findings: [] };
    for (const [body, field] of [
      [{ ...good, findings: [{ item: 'x', severity: 'grave' }] }, 'findings.0.severity'],
      [{ ...good, kind: 'campaign' }, 'campaign'],
      [{ ...good, schoolId: units.find((u) => u.code === 'DM-PSB')!.id }, 'schoolId'],
      [{ ...good, at: 'yesterday' }, 'at'],
      [{ ...good, extra: 1 }, undefined],
    ] as const) {
      const response = await system.api('POST', '/api/inspections', { as: 'inspector', body });
      expect(response.status).toBe(400);
      if (field) expect(response.body.field).toBe(field);
    }
    expect((await system.api('POST', '/api/inspections', { as: 'school.reporter', body: good })).status).toBe(403);
    expect((await system.api('POST', '/api/inspections', { body: good })).status).toBe(401);
    expect(await count('inspections')).toBe(before);
  });

  it('grades the previous quarter, re-runs the draft idempotently, and publishes it once', async () => {
    const run = await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter: previous } });
    expect(run.status).toBe(200);
    const first = (await system.api('GET', `/api/gradings/${previous}`, { as: 'supervisor' })).body;
    expect(first).toMatchObject({ quarter: previous, status: 'draft', rubricVersion: 1, nextCursor: null });
    const s001 = first.schools.find((s: { schoolId: string }) => s.schoolId === schools['DM-S001']);
    expect(s001).toMatchObject({ score: 100, tier: 'demonstration', previousTier: null, move: 'new' });
    expect(s001.breakdown).toHaveLength(5);
    expect(s001.breakdown[0]).toEqual({ criterion: 'checklist', points: 30, max: 30, inputs: { checklistDone: 6 } });
    const s003 = first.schools.find((s: { schoolId: string }) => s.schoolId === schools['DM-S003']);
    expect(s003).toMatchObject({ score: 66, tier: 'compliant' });

    expect((await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter: previous } })).status).toBe(200);
    const again = (await system.api('GET', `/api/gradings/${previous}`, { as: 'admin' })).body;
    expect(again.schools).toEqual(first.schools);
    expect(await system.query('SELECT 1 FROM grading.grades WHERE quarter = $1', [previous])).toHaveLength(3);

    const published = await system.api('POST', `/api/gradings/${previous}/publish`, { as: 'admin' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', schools: 3, downgraded: 0 });
    expect((await system.api('POST', `/api/gradings/${previous}/publish`, { as: 'admin' })).status).toBe(409);
    expect((await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter: previous } })).status).toBe(409);
    const after = (await system.api('GET', `/api/gradings/${previous}`, { as: 'admin' })).body;
    expect(after.status).toBe('published');
    expect(after.schools).toEqual(first.schools);
  });

  it('downgrades a school that got worse with its reasons, and a vetoed one, and announces both', async () => {
    // School 1: a case whose acknowledgement deadline is missed, and a major finding. Calendar time:
    // two working seconds asked after office hours would fall due the next working morning.
    expect(
      (
        await system.api('PUT', '/api/sla-policies/high', {
          as: 'admin',
          body: { ackWithin: 'PT2S', rectifyWithin: 'P7D', clock: 'calendar' },
        })
      ).status,
    ).toBe(200);
    const report = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { category: 'bullying', severity: 'high', title: '欺凌', description: '课间推搡', location: '操场' },
    });
    expect(report.status).toBe(201);
    await waitFor('dispatch to open the case', async () => {
      const cases = await system.api('GET', '/api/cases?status=REPORTED', { as: 'taskforce.dispatcher' });
      return cases.body.items.some((c: { id: string }) => c.id === report.body.id);
    });
    const assigned = await system.api('POST', `/api/cases/${report.body.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: units.find((u) => u.code === 'DM-PSB')!.id, severity: 'high' },
    });
    expect(assigned.status).toBe(200);
    await waitFor(
      'grading to learn of the missed acknowledgement',
      async () =>
        (
          await system.query(
            `SELECT 1 FROM grading.case_tasks t JOIN grading.cases c USING (case_id)
              WHERE c.case_id = $1 AND c.school_id = $2 AND t.ack_breached_at IS NOT NULL`,
            [report.body.id, schools['DM-S001']],
          )
        ).length === 1,
      { timeoutMs: 20_000 },
    );
    const at = new Date().toISOString();
    const inspect = (schoolId: string, severity: string) =>
      system.api('POST', '/api/inspections', {
        as: 'inspector',
        body: { schoolId, kind: 'patrol', at, findings: [{ item: '监控损坏', severity, hazard: true }] },
      });
    expect((await inspect(schools['DM-S001'], 'major')).status).toBe(201);
    // School 2: a critical finding vetoes whatever its score.
    expect((await inspect(schools['DM-S002'], 'critical')).status).toBe(201);

    expect((await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter: current } })).status).toBe(200);
    const grading = (await system.api('GET', `/api/gradings/${current}`, { as: 'admin' })).body;
    const bySchool = (code: string) => grading.schools.find((s: { schoolId: string }) => s.schoolId === schools[code]);
    expect(bySchool('DM-S001')).toMatchObject({
      score: 75,
      tier: 'compliant',
      previousTier: 'demonstration',
      move: 'down',
      reasons: [
        { kind: 'criterion', criterion: 'ack-on-time', points: 0, previousPoints: 20, max: 20 },
        { kind: 'criterion', criterion: 'inspections', points: 15, previousPoints: 20, max: 20 },
      ],
    });
    expect(bySchool('DM-S001').breakdown[1]).toEqual({
      criterion: 'ack-on-time',
      points: 0,
      max: 20,
      inputs: { ackBreached: 1, tasks: 1 },
    });
    expect(bySchool('DM-S001').vetoed).toBeUndefined();
    expect(bySchool('DM-S002')).toMatchObject({
      score: 70,
      tier: 'non-compliant',
      previousTier: 'compliant',
      move: 'down',
      vetoed: true,
      vetoes: ['critical-finding'],
      reasons: [{ kind: 'veto', item: 'critical-finding' }],
    });
    expect(bySchool('DM-S003')).toMatchObject({ tier: 'compliant', previousTier: 'compliant', move: 'same' });

    const published = await system.api('POST', `/api/gradings/${current}/publish`, { as: 'admin' });
    expect(published.body).toMatchObject({ status: 'published', downgraded: 2 });
    const graded = (await outbox('grading.school.graded')).map((row) => row.envelope.payload);
    expect(graded.filter((g) => g.quarter === current)).toHaveLength(3);
    const downgraded = (await outbox('grading.school.downgraded')).map((row) => row.envelope.payload);
    expect(downgraded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          schoolId: schools['DM-S001'],
          quarter: current,
          fromTier: 'demonstration',
          toTier: 'compliant',
        }),
        expect.objectContaining({
          schoolId: schools['DM-S002'],
          quarter: current,
          fromTier: 'compliant',
          toTier: 'non-compliant',
        }),
      ]),
    );
    expect(downgraded).toHaveLength(2);
    // Each downgrade opens a supervision case in dispatch, straight into the task force's queue, and
    // supervisors are told (by the case's reference only).
    await waitFor('the supervision cases in dispatch', async () => {
      const cases = await system.query<{ school_id: string; status: string }>(
        `SELECT school_id, status FROM dispatch.cases WHERE source = 'supervision' ORDER BY school_id`,
      );
      const expected = [schools['DM-S001'], schools['DM-S002']].sort();
      return (
        JSON.stringify(cases.map((c) => c.school_id).sort()) === JSON.stringify(expected) &&
        cases.every((c) => c.status === 'FORWARDED')
      );
    });
    await waitFor('the supervisor’s two supervision alerts', async () => {
      const inbox = await system.api('GET', '/api/inbox?kind=supervision', { as: 'supervisor' });
      return inbox.body.items.length === 2;
    });

    const history = await system.api('GET', `/api/schools/${schools['DM-S001']}/grades`, { as: 'school.reporter' });
    expect(history.status).toBe(200);
    expect(history.body.items.map((g: { quarter: string; tier: string }) => [g.quarter, g.tier])).toEqual([
      [current, 'compliant'],
      [previous, 'demonstration'],
    ]);
    expect(history.body.items[0].reasons).toHaveLength(2);
    const notOwn = await system.api('GET', `/api/schools/${schools['DM-S001']}/grades`, { as: 'school2.reporter' });
    expect(notOwn.status).toBe(404);
  });

  it('publishes the bulletin as JSON and as a PDF with its Chinese text and chart', async () => {
    const json = await system.api('GET', `/api/gradings/${current}/bulletin.json`, { as: 'school.reporter' });
    expect(json.status).toBe(200);
    expect(json.body.distribution).toEqual({ demonstration: 0, compliant: 2, 'non-compliant': 1 });
    expect(json.body.moves.map((m: { code: string; move: string }) => [m.code, m.move])).toEqual([
      ['DM-S001', 'down'],
      ['DM-S002', 'down'],
    ]);
    expect(json.body.moves[1].reasons).toEqual([
      { kind: 'veto', item: 'critical-finding', label: '重大隐患 Critical inspection finding' },
    ]);
    expect(json.body.keyAttention.map((s: { code: string }) => s.code)).toEqual(['DM-S001', 'DM-S002']);
    expect(json.body.trend.map((t: { quarter: string }) => t.quarter)).toEqual([previous, current]);

    const response = await fetch(system.url(`/api/gradings/${current}/bulletin.pdf`), {
      headers: { authorization: `Bearer ${await system.tokenFor('supervisor')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'bulletin-'));
    writeFileSync(join(dir, 'bulletin.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'bulletin.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(`${current} 校园安全季度通报`);
    expect(text).toContain('东明县第一实验小学');
    expect(text).toContain('东明县第二中学');
    expect(text).toContain('否决项：重大隐患');
    expect(text).toContain('重点关注学校');

    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', '-png', join(dir, 'bulletin.pdf'), join(dir, 'page')]);
    expect(readFileSync(join(dir, 'page-1.png')).subarray(1, 4).toString()).toBe('PNG');
    // The same page as raw pixels: the chart's coloured bars are on it, not just black text on white.
    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', join(dir, 'bulletin.pdf'), join(dir, 'raw')]);
    const ppm = readFileSync(join(dir, 'raw-1.ppm'));
    const header = ppm.toString('latin1', 0, 20).split(/\s+/);
    const pixels = ppm.subarray(ppm.length - Number(header[1]) * Number(header[2]) * 3);
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 3) {
      const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    expect(coloured).toBeGreaterThan(200);

    const draftOnly = await system.api('GET', '/api/gradings/2019-Q1/bulletin.json', { as: 'admin' });
    expect(draftOnly.status).toBe(404);
  });

  it('takes an appeal within the window and records an amendment beside the published grade', async () => {
    const school = schools['DM-S001'];
    const before = await count('appeals');
    const stranger = await system.api('POST', `/api/gradings/${current}/schools/${school}/appeals`, {
      as: 'school2.reporter',
      body: { reason: '不是我们学校' },
    });
    expect(stranger.status).toBe(404);
    const empty = await system.api('POST', `/api/gradings/${current}/schools/${school}/appeals`, {
      as: 'school.reporter',
      body: { reason: '  ' },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('reason');
    expect(await count('appeals')).toBe(before);

    const filed = await system.api('POST', `/api/gradings/${current}/schools/${school}/appeals`, {
      as: 'school.reporter',
      body: { reason: '超时签收系部门原因' },
    });
    expect(filed.status).toBe(201);
    amendedAppeal = filed.body.id;
    const twice = await system.api('POST', `/api/gradings/${current}/schools/${school}/appeals`, {
      as: 'school.reporter',
      body: { reason: '再次申诉' },
    });
    expect(twice.status).toBe(409);

    const noTier = await system.api('POST', `/api/appeals/${filed.body.id}/decision`, {
      as: 'admin',
      body: { decision: 'amend', reason: '核实' },
    });
    expect(noTier.status).toBe(400);
    expect(noTier.body.field).toBe('tier');
    const bySupervisor = await system.api('POST', `/api/appeals/${filed.body.id}/decision`, {
      as: 'supervisor',
      body: { decision: 'uphold', reason: '维持' },
    });
    expect(bySupervisor.status).toBe(403);
    const amended = await system.api('POST', `/api/appeals/${filed.body.id}/decision`, {
      as: 'admin',
      body: { decision: 'amend', tier: 'demonstration', reason: '超时系部门原因，不计入学校' },
    });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ decision: 'amend', amendedTier: 'demonstration' });
    expect(
      (
        await system.api('POST', `/api/appeals/${filed.body.id}/decision`, {
          as: 'admin',
          body: { decision: 'uphold', reason: '维持' },
        })
      ).status,
    ).toBe(409);

    const grading = (await system.api('GET', `/api/gradings/${current}`, { as: 'admin' })).body;
    const grade = grading.schools.find((s: { schoolId: string }) => s.schoolId === school);
    expect(grade).toMatchObject({
      tier: 'compliant',
      move: 'down',
      amendment: { tier: 'demonstration', appealId: filed.body.id },
    });
  });

  it('lists appeals on the desk: pending first and oldest first, paged and filtered; a school sees its own', async () => {
    const file = async (as: string, quarter: string, code: string, reason: string) => {
      const response = await system.api('POST', `/api/gradings/${quarter}/schools/${schools[code]}/appeals`, {
        as,
        body: { reason },
      });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const s001Previous = await file('school.reporter', previous, 'DM-S001', '检查记录有误');
    const s002Current = await file('school2.reporter', current, 'DM-S002', '重大隐患已当日整改');
    const s002Previous = await file('school2.reporter', previous, 'DM-S002', '清单材料补交');
    const ids = async (query: string, as = 'admin') => {
      const response = await system.api('GET', `/api/appeals${query}`, { as });
      expect({ query, as, status: response.status }).toEqual({ query, as, status: 200 });
      return (response.body.items as Array<{ id: string }>).map((appeal) => appeal.id);
    };

    // Pending first, oldest filed first, with the school and the grade appealed; then the decided ones.
    const pending = await system.api('GET', '/api/appeals?status=pending', { as: 'admin' });
    expect(pending.body.nextCursor).toBeNull();
    expect(pending.body.items.map((appeal: { id: string }) => appeal.id)).toEqual([
      s001Previous,
      s002Current,
      s002Previous,
    ]);
    expect(pending.body.items[1]).toEqual({
      id: s002Current,
      quarter: current,
      schoolId: schools['DM-S002'],
      schoolCode: 'DM-S002',
      schoolName: expect.stringContaining('第二中学'),
      tier: 'non-compliant',
      score: 70,
      reason: '重大隐患已当日整改',
      filedAt: expect.any(String),
      decision: null,
      amendedTier: null,
      decisionReason: null,
      decidedAt: null,
    });
    expect(await ids('')).toEqual([s001Previous, s002Current, s002Previous, amendedAppeal]);

    // A page at a time: the cursor goes on where the page stopped, across pending and decided.
    const first = await system.api('GET', '/api/appeals?limit=2', { as: 'admin' });
    expect(first.body.items.map((appeal: { id: string }) => appeal.id)).toEqual([s001Previous, s002Current]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await system.api('GET', `/api/appeals?limit=2&cursor=${first.body.nextCursor}`, { as: 'admin' });
    expect(second.body.items.map((appeal: { id: string }) => appeal.id)).toEqual([s002Previous, amendedAppeal]);
    expect(second.body.nextCursor).toBeNull();

    // Filters; a decided appeal shows its decision.
    expect(await ids(`?quarter=${previous}`)).toEqual([s001Previous, s002Previous]);
    const amended = await system.api('GET', `/api/appeals?status=decided&quarter=${current}`, { as: 'supervisor' });
    expect(amended.body.items).toEqual([
      expect.objectContaining({
        id: amendedAppeal,
        schoolCode: 'DM-S001',
        tier: 'compliant',
        decision: 'amend',
        amendedTier: 'demonstration',
        decisionReason: '超时系部门原因，不计入学校',
        decidedAt: expect.any(String),
      }),
    ]);
    const upheld = await system.api('POST', `/api/appeals/${s002Current}/decision`, {
      as: 'admin',
      body: { decision: 'uphold', reason: '重大隐患否决，维持原等级' },
    });
    expect(upheld.status).toBe(200);
    expect(await ids('?status=pending')).toEqual([s001Previous, s002Previous]);
    const decided = await system.api('GET', '/api/appeals?status=decided', { as: 'admin' });
    expect(decided.body.items.map((appeal: { id: string }) => appeal.id)).toEqual([amendedAppeal, s002Current]);
    expect(decided.body.items[1]).toMatchObject({
      decision: 'uphold',
      amendedTier: null,
      decisionReason: '重大隐患否决，维持原等级',
    });

    // A school sees its own appeals only, whatever it asks for.
    expect(await ids('', 'school.reporter')).toEqual([s001Previous, amendedAppeal]);
    expect(await ids('', 'school2.reporter')).toEqual([s002Previous, s002Current]);
    expect(await ids(`?quarter=${current}&status=pending`, 'school2.reporter')).toEqual([]);

    // Bad input is a 400 naming its field; a department may not read the desk.
    for (const [query, field] of [
      ['?status=open', 'status'],
      ['?quarter=2026-Q5', 'quarter'],
      ['?limit=201', 'limit'],
      ['?cursor=not-ours', 'cursor'],
      ['?schoolId=x', undefined],
    ] as const) {
      const response = await system.api('GET', `/api/appeals${query}`, { as: 'admin' });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      if (field) expect({ query, field: response.body.field }).toEqual({ query, field });
    }
    const badStatus = await system.api('GET', '/api/appeals?status=open', { as: 'admin' });
    expect(badStatus.body.message).toContain('pending');
    expect((await system.api('GET', '/api/appeals', { as: 'police.handler' })).status).toBe(403);
    expect((await system.api('GET', '/api/appeals', { as: 'inspector' })).status).toBe(403);
    expect((await system.api('GET', '/api/appeals')).status).toBe(401);
  });

  it('versions rubrics: a new one never changes an old one; bad rubrics and wrong callers change nothing', async () => {
    const currentRubric = await system.api('GET', '/api/rubrics/current', { as: 'school.reporter' });
    expect(currentRubric.status).toBe(200);
    expect(currentRubric.body.version).toBe(1);
    const definition = currentRubric.body.definition;
    expect(definition.vetoes.map((v: { item: string }) => v.item)).toEqual([
      'serious-incident',
      'concealed-incident',
      'critical-finding',
    ]);

    const bad = await system.api('PUT', '/api/rubrics', {
      as: 'admin',
      body: { ...definition, thresholds: { demonstration: 50, compliant: 60 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('thresholds.demonstration');
    const unknownInput = await system.api('PUT', '/api/rubrics', {
      as: 'admin',
      body: { ...definition, vetoes: [{ item: 'x', label: 'x', input: 'weather', atLeast: 1 }] },
    });
    expect(unknownInput.status).toBe(400);
    expect((await system.api('PUT', '/api/rubrics', { as: 'supervisor', body: definition })).status).toBe(403);
    expect(await count('rubrics')).toBe(1);

    const stricter = { ...definition, thresholds: { demonstration: 95, compliant: 70 } };
    const created = await system.api('PUT', '/api/rubrics', { as: 'admin', body: stricter });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(2);
    expect((await system.api('GET', '/api/rubrics/current', { as: 'admin' })).body.definition.thresholds).toEqual({
      demonstration: 95,
      compliant: 70,
    });
    expect((await system.api('GET', '/api/rubrics/1', { as: 'admin' })).body.definition.thresholds).toEqual({
      demonstration: 90,
      compliant: 60,
    });
    expect((await system.api('GET', '/api/rubrics/7', { as: 'admin' })).status).toBe(404);
  });

  it('refuses bad quarters and wrong callers for runs and reads, writing nothing', async () => {
    const gradings = await count('gradings');
    const grades = await count('grades');
    for (const quarter of ['2026-Q5', '26-Q1', '']) {
      const response = await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter } });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('quarter');
    }
    const future = await system.api('POST', '/api/gradings', { as: 'admin', body: { quarter: '2099-Q1' } });
    expect(future.status).toBe(400);
    expect((await system.api('POST', '/api/gradings', { as: 'supervisor', body: { quarter: current } })).status).toBe(
      403,
    );
    expect((await system.api('POST', `/api/gradings/2019-Q1/publish`, { as: 'admin' })).status).toBe(404);
    expect((await system.api('GET', `/api/gradings/${current}`, { as: 'school.reporter' })).status).toBe(403);
    expect((await system.api('GET', '/api/gradings/2019-Q1', { as: 'admin' })).status).toBe(404);
    expect(await count('gradings')).toBe(gradings);
    expect(await count('grades')).toBe(grades);
  });
});
