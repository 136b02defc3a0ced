import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { type ApiResponse, TestSystem, waitFor } from '#libs/testing';
import { quarterOf } from '../../apps/console/src/grades/quarters.js';
import { checkPage, choose, launchChromium, personOn, signIn, text } from './browser.js';

/**
 * The county desk in the console against the whole system: the ledger filtered and exported (CSV
 * and XLSX read back), its statistics on the dashboard, the escalations, a biweekly review made and
 * downloaded, a duplicate merged from the case page, a quarter graded, published and its bulletin
 * downloaded, a school reading its grade and appealing it, and the administrator deciding the appeal
 * on the appeals desk. One system for the file; data seeded through the API.
 */
describe('the county desk in the console', () => {
  let system: TestSystem;
  let browser: Browser;
  const unit: Record<string, string> = {};
  const cases: Record<string, { id: string; reference: string }> = {};

  const ok = (response: ApiResponse, status = 200) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    return response.body;
  };
  const post = (path: string, as: string, body?: unknown) => system.api('POST', path, { as, body });
  const caseOf = async (id: string) => ok(await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' }));

  const report = async (as: string, category: string, severity: string, title: string, description: string) => {
    const { id } = ok(
      await post('/api/whistle-reports', as, { category, severity, title, description, location: '东门' }),
      201,
    );
    await waitFor(
      `case ${id} to open`,
      async () => (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    return { id: id as string, reference: (await caseOf(id)).reference as string };
  };
  const assign = async (caseId: string, lead: string, severity: string) =>
    ok(
      await post(`/api/cases/${caseId}/assign`, 'taskforce.dispatcher', {
        leadUnitId: unit[lead],
        assistingUnitIds: [],
        severity,
      }),
    ).tasks[0].id as string;

  beforeAll(async () => {
    [system, browser] = await Promise.all([TestSystem.start(), launchChromium()]);
    for (const u of ok(await system.api('GET', '/api/directory/units?limit=200', { as: 'admin' })).items) {
      unit[u.code] = u.id;
    }
    // Normal severity acknowledges within three seconds: its task is overdue and escalated during the run.
    ok(
      await system.api('PUT', '/api/sla-policies/normal', {
        as: 'admin',
        body: { ackWithin: 'PT3S', rectifyWithin: 'P7D', clock: 'calendar' },
      }),
    );
    // On time: the police acknowledge at once.
    cases.onTime = await report('school.reporter', 'bullying', 'high', '放学后索要零花钱', '东门有高年级学生拦截。');
    ok(await post(`/api/tasks/${await assign(cases.onTime.id, 'DM-PSB', 'high')}/acknowledge`, 'police.handler'));
    // Overdue: education never acknowledges.
    cases.overdue = await report('school2.reporter', 'dropout', 'normal', '学生连续缺课', '初二学生已两周未到校。');
    const late = await assign(cases.overdue.id, 'DM-EDU', 'normal');
    // Two reports of one matter from one school: the duplicate suggestion.
    const words = '食堂后门的围墙有一段倒塌，学生放学时从缺口进出，旁边就是施工工地。';
    cases.first = await report('school.reporter', 'public-safety', 'high', '围墙倒塌', words);
    cases.second = await report('school.reporter', 'public-safety', 'high', '围墙倒塌有缺口', `${words}请尽快处理。`);
    await waitFor(
      'the acknowledgement deadline to breach',
      async () =>
        (
          await system.query(
            `SELECT 1 FROM dispatch.deadlines WHERE task_id = $1 AND kind = 'ack' AND step = 'breach' AND fired_at IS NOT NULL`,
            [late],
          )
        ).length === 1,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** Opens a page as `username` in a fresh context; closes it after `body`. */
  const as = async (username: string, body: (page: Page) => Promise<void>, width = 1280) => {
    const { context, page } = await personOn(browser, system.url(''), width);
    try {
      await signIn(page, username);
      await body(page);
    } finally {
      await context.close();
    }
  };
  /** Clicks a button that downloads through a Blob, and answers the saved file's name and bytes. */
  const downloaded = async (page: Page, button: Locator) => {
    const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), button.click()]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  };
  /** An element whose whole text is `wanted` (the figure it shows has settled). */
  const showing = (page: Page, testId: string, wanted: string) =>
    page
      .getByTestId(testId)
      .filter({ hasText: new RegExp(`^${wanted.replace(/[()]/g, '\\$&')}$`) })
      .waitFor();
  const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
  const ledgerTotal = async (query: string, as: string) =>
    ok(await system.api('GET', `/api/ledger?limit=1&${query}`, { as })).total as number;

  it('filters the ledger as the API does and exports the same rows as CSV and XLSX', async () => {
    const all = await ledgerTotal('', 'taskforce.dispatcher');
    const overdue = await ledgerTotal('overdue=true', 'taskforce.dispatcher');
    expect(overdue).toBeGreaterThanOrEqual(1);
    await as('taskforce.dispatcher', async (page) => {
      await page.getByRole('link', { name: text('ledger.menu'), exact: true }).waitFor({ state: 'attached' });
      await page.goto('/ledger');
      await showing(page, 'ledger-total', text('ledger.total', { count: all }));
      await page.getByRole('link', { name: cases.first.reference }).waitFor();
      await checkPage(page, 'desk-ledger');

      await choose(page, text('ledger.overdue'), text('ledger.overdueYes'));
      await showing(page, 'ledger-total', text('ledger.total', { count: overdue }));
      await page.getByRole('link', { name: cases.overdue.reference }).waitFor();
      expect(await page.getByRole('link', { name: cases.onTime.reference }).count()).toBe(0);
      expect(new URL(page.url()).searchParams.get('overdue')).toBe('true');

      const csv = await downloaded(page, page.getByTestId('export-csv'));
      expect(csv.name).toMatch(/^台账-\d{8}-\d{4}\.csv$/);
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toMatch(/^案件编号,上报时间,学校,类别/);
      expect(lines).toHaveLength(overdue + 1);
      expect(lines.some((line) => line.startsWith(`${cases.overdue.reference},`))).toBe(true);

      await choose(page, text('report.category'), text('category.dropout'));
      const dropoutOverdue = await ledgerTotal('overdue=true&category=dropout', 'taskforce.dispatcher');
      await showing(page, 'ledger-total', text('ledger.total', { count: dropoutOverdue }));
      const xlsx = await downloaded(page, page.getByTestId('export-xlsx'));
      expect(xlsx.name).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const rows: string[][] = [];
      workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String)));
      expect(rows[0].slice(0, 3)).toEqual(['案件编号', '上报时间', '学校']);
      expect(rows.slice(1).map((row) => row[0])).toEqual([cases.overdue.reference]);
    });
  });

  it('shows a unit its own ledger in English at 375 px, and exports it with English headers', async () => {
    const own = await ledgerTotal('', 'police.handler');
    expect(own).toBe(1);
    await as(
      'police.handler',
      async (page) => {
        await page.getByRole('button', { name: 'English' }).click();
        await page.goto('/ledger');
        await page.getByRole('heading', { name: 'Case ledger' }).waitFor();
        await showing(page, 'ledger-total', `Rows: ${own}`);
        await page.getByRole('link', { name: cases.onTime.reference }).waitFor();
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
        await checkPage(page, 'desk-ledger-en-375');
        const csv = await downloaded(page, page.getByTestId('export-csv'));
        const lines = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
        expect(lines[0]).toMatch(/^Reference,Reported,School,Category/);
        expect(lines.map((line) => line.split(',')[0])).toEqual(['Reference', cases.onTime.reference]);
      },
      375,
    );
  });

  it("puts the ledger's statistics on the dashboard, figures as the API counts them", async () => {
    const units = ok(await system.api('GET', '/api/stats/units', { as: 'supervisor' }));
    const overview = ok(await system.api('GET', '/api/stats/overview', { as: 'supervisor' }));
    const police = units.items.find((row: { unitId: string }) => row.unitId === unit['DM-PSB']);
    expect(police.acknowledgedOnTime).toMatchObject({ count: 1, of: 1, rate: 1 });
    await as('supervisor', async (page) => {
      await page.getByRole('heading', { name: text('stats.title') }).waitFor();
      await page.getByTestId('stats-cases').getByText(String(overview.cases), { exact: true }).waitFor();
      const perUnit = page.getByRole('region', { name: text('stats.units') });
      const policeRow = perUnit.getByRole('row').filter({ hasText: '县公安局' });
      await policeRow.getByRole('cell', { name: '100% (1/1)' }).waitFor();
      const education = units.items.find((row: { unitId: string }) => row.unitId === unit['DM-EDU']);
      const { count, of, rate } = education.acknowledgedOnTime;
      expect(of).toBeGreaterThanOrEqual(1);
      await perUnit
        .getByRole('row')
        .filter({ hasText: '县教体局' })
        .getByRole('cell', { name: `${percent(rate)} (${count}/${of})` })
        .waitFor();
      const byCategory = page.getByRole('region', { name: text('report.category'), exact: true });
      for (const row of overview.byCategory as Array<{ category: string; cases: number }>) {
        await byCategory
          .getByRole('row')
          .filter({ hasText: text(`category.${row.category}` as Parameters<typeof text>[0]) })
          .getByRole('cell', { name: String(row.cases), exact: true })
          .waitFor();
      }
      // The two case charts, the rates per unit, the weekly line.
      expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
      await checkPage(page, 'desk-dashboard');
    });
  });

  it('lists the overdue tasks for the supervisor, each linked to its case', async () => {
    const overdue = await ledgerTotal('overdue=true', 'supervisor');
    await as('supervisor', async (page) => {
      await page.goto('/escalations');
      await showing(page, 'escalations-total', text('escalations.total', { count: overdue }));
      await checkPage(page, 'desk-escalations');
      await page.getByRole('link', { name: cases.overdue.reference }).click();
      await page.waitForURL(`**/cases/${cases.overdue.id}`);
    });
  });

  it("makes the last fortnight's review, shows it as the API stored it, and downloads its PDF", async () => {
    await as('taskforce.dispatcher', async (page) => {
      await page.goto('/reviews');
      await page.getByTestId('make-review').click();
      await page
        .getByText(text('review.made'))
        .or(page.getByText(text('review.already')))
        .waitFor();
      const head = await page.getByTestId('review-head').innerText();
      const start = /\d{4}-\d{2}-\d{2}/.exec(head)![0];
      const stored = ok(await system.api('GET', `/api/reviews/biweekly/${start}`, { as: 'supervisor' }));
      expect(stored.periodStart).toBe(start);
      const figure = (testId: string, value: number) =>
        page.getByTestId(testId).getByText(String(value), { exact: true }).waitFor();
      await figure('review-new', stored.newCases.count);
      await figure('review-closed', stored.closedCases.count);
      await figure('review-open', stored.openItems.length);
      await checkPage(page, 'desk-review');
      const pdf = await downloaded(page, page.getByTestId('review-pdf'));
      expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });
  });

  it('merges a suggested duplicate from the case page', async () => {
    await as('taskforce.dispatcher', async (page) => {
      await page.goto(`/cases/${cases.first.id}`);
      const duplicates = page.getByTestId('duplicates');
      const suggestion = duplicates.getByRole('row').filter({ hasText: cases.second.reference });
      await suggestion.waitFor();
      await checkPage(page, 'desk-case-duplicates');
      await suggestion.getByRole('button', { name: text('merge.merge') }).click();
      const dialog = page.getByRole('dialog');
      // Open at once for a reader who asked for less motion: no zoom to wait out.
      expect(await dialog.getAttribute('class')).not.toMatch(/ant-zoom/);
      await dialog.getByLabel(text('case.reason')).fill('同一处围墙，合并办理');
      await dialog.getByRole('button', { name: text('merge.merge') }).click();
      await dialog.waitFor({ state: 'hidden' });
      // Merged: no merge offered any more (the row shows MERGED, or goes once intake hears of it).
      await suggestion.getByRole('button', { name: text('merge.merge') }).waitFor({ state: 'detached' });
    });
    const merged = await caseOf(cases.second.id);
    expect({ status: merged.status, mergedInto: merged.mergedInto }).toEqual({
      status: 'MERGED',
      mergedInto: cases.first.id,
    });
  });

  it('runs and publishes a quarter’s grading, downloads its bulletin, and the school reads its grade', async () => {
    const quarter = quarterOf(new Date());
    await as('admin', async (page) => {
      await page.goto('/grades');
      await page.getByTestId('grades-none').getByText(quarter).waitFor();
      await page.getByRole('button', { name: text('grades.run'), exact: true }).click();
      const schools = page.getByRole('region', { name: text('grades.schools') });
      await schools.getByRole('row').filter({ hasText: '第一实验小学' }).waitFor();
      await page.getByTestId('grading-head').getByText(text('grades.status.draft')).waitFor();
      await page.getByRole('button', { name: text('grades.publish') }).click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: text('grades.publish') })
        .click();
      await page.getByTestId('grading-head').getByText(text('grades.status.published')).waitFor();
      await checkPage(page, 'desk-grades');
      const bulletin = await downloaded(page, page.getByTestId('bulletin-pdf'));
      expect(bulletin.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });
    const grading = ok(await system.api('GET', `/api/gradings/${quarter}`, { as: 'supervisor' }));
    expect(grading.status).toBe('published');

    const school = (await caseOf(cases.onTime.id)).schoolId as string;
    const own = ok(await system.api('GET', `/api/schools/${school}/grades`, { as: 'school.reporter' })).items;
    expect(own[0].quarter).toBe(quarter);
    await as('school.reporter', async (page) => {
      await page.goto('/grades');
      const row = page
        .getByRole('region', { name: text('grades.mine') })
        .getByRole('row')
        .filter({ hasText: quarter });
      await row.getByText(text(`grades.tier.${own[0].tier}` as Parameters<typeof text>[0])).waitFor();
      await row.getByRole('cell', { name: String(own[0].score), exact: true }).waitFor();
      await checkPage(page, 'desk-school-grades');
      const appeal = page.getByTestId('appeal');
      await appeal.getByLabel(text('grades.appealReason')).fill('本季度安全工作清单已全部完成，请复核。');
      await appeal.getByRole('button', { name: text('grades.appealSubmit') }).click();
      await page.getByText(text('app.done')).waitFor();
      // The school's own appeal, from GET /api/appeals, beside its grade.
      await row.getByText(text('appeals.status.pending')).waitFor();
    });
  });

  it('lists the pending appeal on the administrator’s desk, decides it, and the school reads the decision', async () => {
    const quarter = quarterOf(new Date());
    const reason = '本季度安全工作清单已全部完成，请复核。';
    const [pending] = ok(await system.api('GET', '/api/appeals?status=pending', { as: 'admin' })).items;
    expect(pending).toMatchObject({ quarter, reason, decision: null });
    const tier = pending.tier === 'demonstration' ? 'compliant' : 'demonstration';
    const tierText = text(`grades.tier.${tier}` as Parameters<typeof text>[0]);
    const decisionReason = '签收超时系部门原因，改定等级';
    const amended = text('appeals.amended', { tier: tierText, reason: decisionReason });
    await as('admin', async (page) => {
      await page.getByRole('link', { name: text('appeals.nav'), exact: true }).click();
      await page.waitForURL('**/admin/appeals');
      const list = page.getByRole('region', { name: text('appeals.list') });
      const row = list.getByRole('row').filter({ hasText: reason });
      await row.getByText(pending.schoolName).waitFor();
      await row.getByRole('cell', { name: quarter, exact: true }).waitFor();
      await row.getByText(text(`grades.tier.${pending.tier}` as Parameters<typeof text>[0])).waitFor();
      await row.getByRole('button', { name: text('appeals.decide') }).click();
      const decide = page.getByTestId('decide-appeal');
      await decide.getByText(reason).waitFor();
      await checkPage(page, 'desk-appeals');
      await decide.getByText(text('appeals.decision.amend')).click();
      await choose(page, text('appeals.tier'), tierText);
      await decide.getByLabel(text('appeals.decisionReason')).fill(decisionReason);
      await decide.getByRole('button', { name: text('appeals.submit') }).click();
      await page.getByText(text('app.done')).waitFor();
      // Decided: gone from the pending ones, shown with its decision among the decided ones.
      await row.waitFor({ state: 'detached' });
      await choose(page, text('appeals.status'), text('appeals.status.decided'));
      await list.getByRole('row').filter({ hasText: reason }).getByText(amended, { exact: true }).waitFor();
    });
    const [decided] = ok(
      await system.api('GET', `/api/appeals?status=decided&quarter=${quarter}`, { as: 'admin' }),
    ).items;
    expect(decided).toMatchObject({ id: pending.id, decision: 'amend', amendedTier: tier, decisionReason });

    await as('school.reporter', async (page) => {
      await page.goto('/grades');
      const row = page
        .getByRole('region', { name: text('grades.mine') })
        .getByRole('row')
        .filter({ hasText: quarter });
      // The decision in the appeal's column (the amendment column words it otherwise).
      await row.getByText(amended, { exact: true }).waitFor();
    });
  });
});
