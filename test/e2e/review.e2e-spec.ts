import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiResponse, TestSystem, waitFor } from '#libs/testing';
import { dueFortnight, lastCompleteFortnight, previousFortnight } from '../../apps/dispatch/src/reviews/fortnights.js';

/**
 * The biweekly risk review through the gateway, on the real servers: a fixture of cases placed in
 * two past fortnights, the review made by hand and read back exactly, kept as made when the data
 * changes, read as a PDF and a DOCX as a reader would, the schedule's catch-up at start-up, and
 * wrong fortnights and callers refused.
 */
describe('the biweekly risk review', () => {
  let system: TestSystem;
  const zone = 'Asia/Shanghai';
  const anchor = '2026-01-05';
  const units: Record<string, { id: string; name: string }> = {};
  const schools: Record<string, { id: string; name: string }> = {};
  // The schedule made the due fortnight's review at start-up; the fixture goes two fortnights before.
  const due = dueFortnight(new Date(), anchor, zone, '08:00');
  const target = previousFortnight(previousFortnight(due, zone), zone);
  const before = previousFortnight(target, zone);
  const at = (from: Date, hours: number) => new Date(from.getTime() + hours * 3_600_000);

  const post = (path: string, as: string, body?: unknown) => system.api('POST', path, { as, body });
  const ok = (response: ApiResponse, status = 200) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    return response.body;
  };
  const fileOf = async (path: string, as: string) => {
    const response = await fetch(system.url(path), {
      headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };
  const storedReviews = () =>
    system.query<{ periodStart: string; madeBy: string }>(
      `SELECT to_char(period_start, 'YYYY-MM-DD') AS "periodStart", made_by AS "madeBy" FROM dispatch.biweekly_reviews ORDER BY 1`,
    );

  /** A school report whose case dispatch has opened, placed at a past moment. */
  const reportCase = async (as: string, reportedAt: Date, body: Record<string, unknown>) => {
    const submitted = ok(
      await post('/api/whistle-reports', as, {
        severity: 'high',
        title: 'Trouble after school',
        description: 'At the east gate.',
        location: 'East gate',
        ...body,
      }),
      201,
    );
    const id = submitted.id as string;
    await waitFor(
      `case ${id} to open`,
      async () => (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    await system.query('UPDATE dispatch.cases SET reported_at = $2 WHERE id = $1', [id, reportedAt]);
    return ok(await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })) as {
      id: string;
      reference: string;
    };
  };

  beforeAll(async () => {
    system = await TestSystem.start({ env: { COUNTY_TIMEZONE: zone } });
    for (const unit of (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items) {
      units[unit.code] = { id: unit.id, name: unit.name };
    }
    for (const school of (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items) {
      schools[school.code] = { id: school.id, name: school.name };
    }
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('made the due fortnight’s review at start-up, and makes a missed one when dispatch starts again', async () => {
    await waitFor('the scheduled review', async () =>
      (await storedReviews()).some((r) => r.periodStart === due.start && r.madeBy === 'schedule'),
    );
    await system.stopService('dispatch');
    // Replica 0 appends to the log of its first start: only what it says from now on counts.
    const earlier = system.logLines('dispatch', 0).length;
    const linesOf = (replica: number) => system.logLines('dispatch', replica).slice(replica === 0 ? earlier : 0);
    await system.query('DELETE FROM dispatch.biweekly_reviews WHERE period_start = $1', [due.start]);
    expect((await storedReviews()).map((r) => r.periodStart)).not.toContain(due.start);
    // Two dispatch processes start at once and both look for the due review: one writes it.
    await Promise.all([system.startService('dispatch'), system.startService('dispatch', {}, 1)]);
    await waitFor('the caught-up review', async () =>
      (await storedReviews()).some((r) => r.periodStart === due.start && r.madeBy === 'schedule'),
    );
    await waitFor('both processes to have looked', () =>
      [0, 1].every((replica) => linesOf(replica).some((line) => line.msg === 'review schedule checked')),
    );
    const made = [0, 1].flatMap((replica) => linesOf(replica).filter((line) => line.msg === 'biweekly review made'));
    expect(made).toHaveLength(1);
    for (const replica of [0, 1]) {
      expect(linesOf(replica).filter((line) => String(line.msg).includes('review failed'))).toEqual([]);
    }
    await system.stopService('dispatch', 'SIGTERM', 1);
    // Only the latest due review is caught up: nothing before it was made by the schedule.
    expect(await storedReviews()).toEqual([{ periodStart: due.start, madeBy: 'schedule' }]);
    const json = ok(await system.api('GET', `/api/reviews/biweekly/${due.start}`, { as: 'supervisor' }));
    expect(json).toMatchObject({ periodStart: due.start, periodEnd: due.end, madeBy: 'schedule' });
  });

  it('contains exactly what the fixture put in its fortnight, kept as made', async () => {
    const s1 = schools['DM-S001'];
    const s2 = schools['DM-S002'];
    expect(s1 && s2 && units['DM-PSB']).toBeTruthy();

    // In the fortnight: two cases at school 1 (one closed in it, one assessed critical and overdue
    // at the police), one life-safety case at school 2. In the fortnight before: one each.
    const closed = await reportCase('school.reporter', at(target.from, 26), { category: 'bullying' });
    ok(
      await post(`/api/cases/${closed.id}/screen`, 'bureau.reviewer', {
        decision: 'resolve',
        reason: 'settled at school',
      }),
    );
    await system.query(`UPDATE dispatch.case_transitions SET at = $2 WHERE case_id = $1 AND to_status = 'CLOSED'`, [
      closed.id,
      at(target.from, 50),
    ]);
    const overdue = await reportCase('school.reporter', at(target.from, 30), { category: 'bullying' });
    ok(
      await post(`/api/cases/${overdue.id}/screen`, 'bureau.reviewer', { decision: 'forward', reason: 'needs police' }),
    );
    ok(
      await post(`/api/cases/${overdue.id}/assess`, 'taskforce.dispatcher', {
        category: 'bullying',
        severity: 'high',
        riskLevel: 'critical',
      }),
    );
    const assigned = ok(
      await post(`/api/cases/${overdue.id}/assign`, 'taskforce.dispatcher', {
        leadUnitId: units['DM-PSB'].id,
        assistingUnitIds: [],
        severity: 'high',
      }),
    );
    const lead = assigned.tasks[0].id as string;
    await system.query(
      `UPDATE dispatch.deadlines SET due_at = now() - interval '1 hour' WHERE task_id = $1 AND kind = 'ack' AND step = 'breach'`,
      [lead],
    );
    const lifeSafety = await reportCase('school2.reporter', at(target.from, 100), {
      category: 'psychological',
      description: '他在班级群里说不想活了。',
    });
    const earlier1 = await reportCase('school2.reporter', at(before.from, 40), { category: 'bullying' });
    await reportCase('school.reporter', at(before.from, 60), { category: 'dropout' });
    // Not in either fortnight: after it.
    await reportCase('school.reporter', at(target.to, 2), { category: 'dropout' });
    expect(
      (await system.api('GET', `/api/cases/${lifeSafety.id}`, { as: 'taskforce.dispatcher' })).body.lifeSafety,
    ).toBe(true);

    const made = ok(await post('/api/reviews/biweekly', 'taskforce.dispatcher', { periodStart: target.start }));
    expect(made).toMatchObject({
      created: true,
      periodStart: target.start,
      periodEnd: target.end,
      previousPeriodStart: before.start,
      madeBy: expect.any(String),
    });
    const refs = (items: Array<{ reference: string }>) => items.map((item) => item.reference);
    expect(made.newCases.count).toBe(3);
    expect(refs(made.newCases.items)).toEqual([closed.reference, overdue.reference, lifeSafety.reference]);
    expect(made.closedCases.count).toBe(1);
    expect(refs(made.closedCases.items)).toEqual([closed.reference]);
    expect(made.byCategory).toEqual([
      { category: 'psychological', label: '心理预警', current: 1, previous: 0 },
      { category: 'bullying', label: '防治欺凌', current: 2, previous: 1 },
      { category: 'public-safety', label: '校园公共安全', current: 0, previous: 0 },
      { category: 'dropout', label: '控辍保学', current: 0, previous: 1 },
      { category: 'sunshine-school', label: '阳光校园', current: 0, previous: 0 },
    ]);
    expect(made.risingCategories.map((c: { category: string }) => c.category)).toEqual(['psychological', 'bullying']);
    expect(made.overdueByUnit).toEqual([
      {
        unitId: units['DM-PSB'].id,
        unitCode: 'DM-PSB',
        unitName: units['DM-PSB'].name,
        acknowledge: 1,
        rectify: 0,
        total: 1,
        tasks: [{ taskId: lead, caseReference: overdue.reference, deadline: 'ack', dueAt: expect.any(String) }],
      },
    ]);
    expect(made.repeatedSchools).toEqual([
      {
        schoolId: s1.id,
        schoolCode: 'DM-S001',
        schoolName: s1.name,
        cases: 2,
        references: [closed.reference, overdue.reference].sort(),
      },
    ]);
    expect(refs(made.lifeSafety)).toEqual([lifeSafety.reference]);
    expect(made.openItems.map((item: { reference: string; reasons: string[]; riskLevel: string }) => item)).toEqual([
      expect.objectContaining({
        reference: overdue.reference,
        riskLevel: 'critical',
        reasons: ['overdue', 'high-risk'],
      }),
    ]);
    // Codes and references only: nothing the reports said.
    expect(JSON.stringify(made)).not.toContain('不想活');
    expect(JSON.stringify(made)).not.toContain('east gate');

    // Kept as made: later changes to the data, and asking again, leave it as it was.
    const { created: _created, ...stored } = made;
    await system.query('UPDATE dispatch.cases SET reported_at = $2 WHERE id = $1', [earlier1.id, at(target.from, 10)]);
    expect(ok(await system.api('GET', `/api/reviews/biweekly/${target.start}`, { as: 'admin' }))).toEqual(stored);
    const again = ok(await post('/api/reviews/biweekly', 'taskforce.dispatcher', { periodStart: target.start }));
    expect(again).toEqual({ ...stored, created: false });
  });

  it('reads as a PDF with its Chinese headings, units and counts, and a page that renders', async () => {
    const json = ok(await system.api('GET', `/api/reviews/biweekly/${target.start}`, { as: 'supervisor' }));
    const pdf = await fileOf(`/api/reviews/biweekly/${target.start}.pdf`, 'supervisor');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'review-'));
    writeFileSync(join(dir, 'review.pdf'), pdf.bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'review.pdf'), '-'], { encoding: 'utf8' });
    for (const heading of [
      '校园安全风险研判（每两周）',
      '新增案件',
      '办结案件',
      '各单位逾期任务',
      '重复发案学校',
      '上升类别',
      '生命安全事项',
      '需会议研究的未结事项',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain(`研判期间 ${target.start}`);
    expect(text).toContain('本期新增案件 3 件，办结 1 件；逾期任务 1 项');
    // Names as the table shows them, whose English part may wrap in a cell: the Chinese name.
    const chinese = (name: string) => name.split(' ')[0];
    expect(text).toContain(chinese(units['DM-PSB'].name));
    expect(text).toContain(chinese(schools['DM-S001'].name));
    expect(text).toContain(chinese(schools['DM-S002'].name));
    for (const item of json.newCases.items) expect(text).toContain(item.reference);

    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', '-png', join(dir, 'review.pdf'), join(dir, 'page')]);
    expect(readFileSync(join(dir, 'page-1.png')).subarray(1, 4).toString()).toBe('PNG');
    // The chart's coloured bars are on the first page, not just black text on white.
    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', join(dir, 'review.pdf'), join(dir, 'raw')]);
    const ppm = readFileSync(join(dir, 'raw-1.ppm'));
    const header = ppm.toString('latin1', 0, 20).split(/\s+/);
    const pixels = ppm.subarray(ppm.length - Number(header[1]) * Number(header[2]) * 3);
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 3) {
      if (Math.max(pixels[i], pixels[i + 1], pixels[i + 2]) - Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) > 60) {
        coloured++;
      }
    }
    expect(coloured).toBeGreaterThan(50);
  });

  it('reads as a DOCX that opens, with the text, a table and the chart', async () => {
    const docx = await fileOf(`/api/reviews/biweekly/${target.start}.docx`, 'admin');
    expect(docx.status).toBe(200);
    expect(docx.type).toContain('wordprocessingml');
    const dir = mkdtempSync(join(tmpdir(), 'review-docx-'));
    writeFileSync(join(dir, 'review.docx'), docx.bytes);
    const xml = execFileSync('unzip', ['-p', join(dir, 'review.docx'), 'word/document.xml'], { encoding: 'utf8' });
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('校园安全风险研判（每两周）');
    expect(text).toContain('本期新增案件 3 件，办结 1 件');
    expect(text).toContain('各单位逾期任务');
    expect(text).toContain(units['DM-PSB'].name);
    expect(xml).toContain('<w:tbl>');
    const listing = execFileSync('unzip', ['-l', join(dir, 'review.docx')], { encoding: 'utf8' });
    expect(listing).toMatch(/word\/media\/\S+\.png/);
  });

  it('defaults a review by hand to the last complete fortnight, which the schedule may have made already', async () => {
    const last = lastCompleteFortnight(new Date(), anchor, zone);
    const made = ok(await post('/api/reviews/biweekly', 'taskforce.dispatcher'));
    expect(made.periodStart).toBe(last.start);
    if (last.start === due.start) expect(made).toMatchObject({ created: false, madeBy: 'schedule' });
  });

  it('refuses a fortnight off the grid, naming the field, and wrong callers, writing nothing', async () => {
    const count = async () => (await storedReviews()).length;
    const rows = await count();
    for (const body of [{ periodStart: '2026-02-30' }, { periodStart: 'soon' }]) {
      const refused = await post('/api/reviews/biweekly', 'taskforce.dispatcher', body);
      expect({ status: refused.status, field: refused.body.field }).toEqual({ status: 400, field: 'periodStart' });
    }
    const notMonday = await post('/api/reviews/biweekly', 'taskforce.dispatcher', { periodStart: '2026-01-06' });
    expect(notMonday.status).toBe(400);
    expect(notMonday.body).toMatchObject({ field: 'periodStart', message: expect.stringContaining('Monday') });
    const wrongMonday = await post('/api/reviews/biweekly', 'taskforce.dispatcher', { periodStart: '2026-01-12' });
    expect(wrongMonday.status).toBe(400);
    expect(wrongMonday.body).toMatchObject({
      field: 'periodStart',
      message: expect.stringContaining('every other Monday'),
    });
    const future = await post('/api/reviews/biweekly', 'taskforce.dispatcher', { periodStart: '2099-12-28' });
    expect({ status: future.status, field: future.body.field }).toEqual({ status: 400, field: 'periodStart' });
    const unknownField = await post('/api/reviews/biweekly', 'taskforce.dispatcher', { period: target.start });
    expect(unknownField.status).toBe(400);
    const badGet = await system.api('GET', '/api/reviews/biweekly/2026-13-01', { as: 'supervisor' });
    expect({ status: badGet.status, field: badGet.body.field }).toEqual({ status: 400, field: 'periodStart' });
    const badGetPdf = await fileOf('/api/reviews/biweekly/2026-01-12.pdf', 'supervisor');
    expect(badGetPdf.status).toBe(400);
    expect(JSON.parse(badGetPdf.bytes.toString('utf8')).field).toBe('periodStart');
    expect((await system.api('GET', '/api/reviews/biweekly/2026-01-05', { as: 'supervisor' })).status).toBe(404);

    expect((await post('/api/reviews/biweekly', 'supervisor', { periodStart: before.start })).status).toBe(403);
    expect((await system.api('GET', `/api/reviews/biweekly/${target.start}`, { as: 'school.reporter' })).status).toBe(
      403,
    );
    expect((await fileOf(`/api/reviews/biweekly/${target.start}.pdf`, 'police.handler')).status).toBe(403);
    expect(await count()).toBe(rows);
  });
});
