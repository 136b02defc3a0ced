import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestSystem, waitFor } from '#libs/testing';
import { ARTIFACTS, checkPage, choose, launchChromium, personOn, signIn, text } from './browser.js';

/**
 * The web console in a real browser against the whole system: each role's path end to end, an
 * accessibility check (axe-core) and a screenshot of each main page. One system for the whole file.
 */
describe('web console', () => {
  let system: TestSystem;
  let browser: Browser;
  const units: Record<string, string> = {};

  beforeAll(async () => {
    [system, browser] = await Promise.all([TestSystem.start(), launchChromium()]);
    for (const unit of (await system.api('GET', '/api/directory/units?limit=200', { as: 'admin' })).body.items) {
      units[unit.code] = unit.id;
    }
    // The routing rule the assessment proposes from (the administrator's routing-rules page is not built yet).
    const rules = await system.api('PUT', '/api/routing-rules', {
      as: 'admin',
      body: [{ category: 'bullying', leadUnitId: units['DM-PSB'], assistingUnitIds: [] }],
    });
    expect(rules.status).toBe(200);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** Opens a page as `username` in a fresh context; closes it after `body`. */
  const as = async (username: string | null, body: (page: Page) => Promise<void>, width = 1280) => {
    const { context, page } = await personOn(browser, system.url(''), width);
    try {
      if (username) await signIn(page, username);
      await body(page);
    } finally {
      await context.close();
    }
  };
  /** A message shown in a thread (not the text still in the box it was typed into). */
  const listed = (page: Page, message: string) => page.locator('.ant-list-item', { hasText: message }).waitFor();
  const caseOf = async (id: string) =>
    (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).body;

  it('serves the console at / with a strict page policy, client routes from index.html, and the API as before', async () => {
    const home = await fetch(system.url('/'));
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = home.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    const html = await home.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(system.url(asset!));
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');

    const deepLink = await fetch(system.url('/cases/00000000-0000-4000-8000-000000000000'));
    expect({ status: deepLink.status, body: await deepLink.text() }).toEqual({ status: 200, body: html });
    const unknownApi = await fetch(system.url('/api/no-such-route'));
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ status: 404, error: expect.any(String) });
    const apiAnswer = await fetch(system.url('/api/health'));
    expect(apiAnswer.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(apiAnswer.headers.get('cache-control')).toBe('no-store');
  });

  it('the 110 mailbox: a tip sent without sign-in or cookies, its code and secret shown once, triaged, followed up', async () => {
    let credentials = { trackingCode: '', secret: '' };
    await as(null, async (page) => {
      const origins = new Set<string>();
      page.on('request', (request) => origins.add(new URL(request.url()).origin));
      await page.goto('/tip');
      await checkPage(page, 'tip');
      await page.getByLabel(text('tip.what')).fill('高年级学生在东门放学后索要低年级学生的零花钱');
      await page.getByLabel(text('tip.schoolName')).fill('第一实验小学');
      await choose(page, text('tip.category'), text('category.bullying'));
      await page.getByRole('button', { name: text('tip.send') }).click();
      await page.getByText(text('tip.keepWarning')).waitFor();
      credentials = {
        trackingCode: (await page.getByTestId('tip-code').innerText()).trim(),
        secret: (await page.getByTestId('tip-secret').innerText()).trim(),
      };
      // Crockford base32, shown in groups for reading aloud: 10 and 16 characters.
      expect(credentials.trackingCode.replaceAll('-', '')).toMatch(/^[0-9A-Z]{10}$/);
      expect(credentials.secret.replaceAll('-', '')).toMatch(/^[0-9A-Z]{16}$/);
      await checkPage(page, 'tip-sent');
      // Shown once: after "send another", nothing on the page holds them any more.
      await page.getByRole('button', { name: text('tip.another') }).click();
      expect(await page.content()).not.toContain(credentials.secret);
      expect(await page.context().cookies()).toEqual([]);
      expect(await page.evaluate<number>('sessionStorage.length + localStorage.length')).toBe(0);
      expect([...origins]).toEqual([system.url('')]);
    });

    // The task force opens the tip and makes it a case.
    const queue = await system.api('GET', '/api/tips?status=received', { as: 'taskforce.dispatcher' });
    const tipId = queue.body.items[0].id as string;
    await as('taskforce.dispatcher', async (page) => {
      await page.goto('/tips');
      await checkPage(page, 'tip-queue');
      await page.getByRole('link', { name: queue.body.items[0].reference }).click();
      await page.getByText('高年级学生在东门').waitFor();
      await page.getByLabel(text('tips.replyText')).fill('已收到，正在核实。');
      await page.getByRole('button', { name: text('tip.sendMessage'), exact: true }).click();
      await listed(page, '已收到，正在核实。');
      const triage = page.getByTestId('triage');
      await triage.getByLabel(text('case.reason')).fill('情况具体，需要立案');
      await triage.getByRole('button', { name: text('tips.triage') }).click();
      await page.getByRole('heading', { name: new RegExp(text('tipStatus.escalated')) }).waitFor();
    });
    await waitFor('the tip to become a case', async () => (await caseOf(tipId)).status === 'FORWARDED');

    // The tipster follows up with code and secret, reads the reply and adds a message.
    await as(
      null,
      async (page) => {
        await page.goto('/tip');
        await page.getByLabel(text('tip.code')).fill(credentials.trackingCode);
        await page.getByLabel(text('tip.secret'), { exact: true }).fill(credentials.secret);
        await page.getByRole('button', { name: text('tip.check') }).click();
        await page.getByTestId('tip-status').waitFor();
        expect(await page.getByTestId('tip-status').innerText()).toContain('已立案');
        await listed(page, '已收到，正在核实。');
        await page.getByLabel(text('tip.messageText')).fill('今天下午又发生了一次');
        await page.getByRole('button', { name: text('tip.sendMessage'), exact: true }).click();
        await listed(page, '今天下午又发生了一次');
      },
      375,
    );
    const thread = await system.api('GET', `/api/tips/${tipId}`, { as: 'taskforce.dispatcher' });
    expect(thread.body.messages.map((message: { text: string }) => message.text)).toEqual([
      '已收到，正在核实。',
      '今天下午又发生了一次',
    ]);
  });

  it('closes the loop in the browser: the school reports, the bureau screens, the task force assesses and assigns, the police acknowledge and rectify, the task force verifies, the school confirms', async () => {
    let reportId = '';
    await as('school.reporter', async (page) => {
      await checkPage(page, 'school-reports');
      await page
        .getByRole('link', { name: text('nav.newReport') })
        .first()
        .click();
      await choose(page, text('report.category'), text('category.bullying'));
      await choose(page, text('report.severity'), text('severity.high'));
      await page.getByLabel(text('report.title')).fill('东门放学后索要零花钱');
      await page.getByLabel(text('report.description')).fill('连续三天有高年级学生在东门拦截低年级学生。');
      await page.getByLabel(text('report.location')).fill('东门');
      await checkPage(page, 'school-report-form');
      await page.getByRole('button', { name: text('app.submit') }).click();
      await page.waitForURL(/\/school\/reports\/[0-9a-f-]{36}$/);
      reportId = page.url().split('/').pop()!;
      await page.getByText('东门放学后索要零花钱').first().waitFor();
    });
    await waitFor('the case to open', async () => (await caseOf(reportId)).status === 'REPORTED');

    await as('bureau.reviewer', async (page) => {
      await page.goto(`/cases/${reportId}`);
      await page.getByLabel(text('case.reason')).fill('需要多部门处置');
      await page.getByRole('button', { name: text('case.screen') }).click();
      await page.getByText(text('status.FORWARDED')).first().waitFor();
    });
    expect((await caseOf(reportId)).status).toBe('FORWARDED');

    await as('taskforce.dispatcher', async (page) => {
      await page.goto('/cases');
      await checkPage(page, 'case-queue');
      await page.getByRole('link', { name: (await caseOf(reportId)).reference }).click();
      const assess = page.getByTestId('assess');
      await choose(page, text('case.riskLevel'), text('risk.high'));
      await assess.getByRole('button', { name: text('case.assess') }).click();
      // The routing rule's proposal fills the assignment in.
      await page.getByText(/按分派规则建议/).waitFor();
      await checkPage(page, 'case-assess-assign');
      await page
        .getByTestId('assign')
        .getByRole('button', { name: text('case.assign') })
        .click();
      await page.getByRole('heading', { name: new RegExp(text('status.ASSIGNED')) }).waitFor();
    });
    const assigned = await caseOf(reportId);
    expect(assigned.status).toBe('ASSIGNED');
    expect(assigned.tasks.map((task: { unitId: string; role: string }) => [task.unitId, task.role])).toEqual([
      [units['DM-PSB'], 'lead'],
    ]);

    await waitFor(
      "the task's notification to reach the police",
      async () => (await system.api('GET', '/api/inbox/unread-count', { as: 'police.handler' })).body.count > 0,
    );
    await as('police.handler', async (page) => {
      // The new task is in the inbox with its countdown, and its notification in the unread badge.
      await page.getByRole('link', { name: /^[1-9]\d* 条未读消息$/ }).waitFor();
      await page.getByText(/^剩 /).first().waitFor();
      await checkPage(page, 'department-task-inbox');
      await page
        .getByRole('button', { name: text('tasks.acknowledge') })
        .first()
        .click();
      await page.getByRole('button', { name: text('tasks.acknowledge') }).waitFor({ state: 'detached' });
      await page.goto(`/cases/${reportId}`);
      await page.getByLabel(text('tasks.progressNote')).fill('已约谈相关学生家长');
      await page.getByRole('button', { name: text('tasks.progress') }).click();
      await page
        .getByRole('heading', { name: new RegExp(text('status.IN_PROGRESS')) })
        .first()
        .waitFor();
      // An extension counted in working days by the API's due-date function.
      await page.getByLabel(text('tasks.workingDays')).fill('3');
      await page.getByTestId('extension-due').waitFor();
      await page.getByLabel(text('tasks.extensionReason')).fill('需要等待家长会');
      await page.getByRole('button', { name: text('tasks.extension') }).click();
      await page.getByTestId('extension-pending').waitFor();
      await checkPage(page, 'department-case');
      await page.getByLabel(text('tasks.rectifySummary')).fill('东门放学时段已安排警力值守');
      await page.getByRole('button', { name: text('tasks.rectify') }).click();
      await page.getByRole('heading', { name: new RegExp(text('status.RECTIFIED')) }).waitFor();
    });
    const rectified = await caseOf(reportId);
    expect(rectified.status).toBe('RECTIFIED');
    expect(rectified.tasks[0].extensions).toEqual([
      expect.objectContaining({ status: 'pending', reason: '需要等待家长会' }),
    ]);

    await as('taskforce.dispatcher', async (page) => {
      await page.goto(`/cases/${reportId}`);
      await page.getByLabel(text('case.verifyNote')).fill('现场核实整改到位');
      await page
        .getByTestId('verify')
        .getByRole('button', { name: text('case.verify') })
        .click();
      await page.getByRole('heading', { name: new RegExp(text('status.VERIFIED')) }).waitFor();
    });

    await as('school.reporter', async (page) => {
      await page.goto(`/school/reports/${reportId}`);
      await page.getByText(/专班已核验整改结果/).waitFor();
      await page.getByText('需要多部门处置').first().waitFor(); // the screening decision with its reason
      await page.getByLabel(text('report.message')).fill('谢谢各部门');
      await page.getByRole('button', { name: text('report.send') }).click();
      await listed(page, '谢谢各部门');
      await checkPage(page, 'school-report');
      await page
        .getByTestId('confirm')
        .getByRole('button', { name: text('report.confirm') })
        .click();
      await page.getByRole('heading', { name: new RegExp(text('status.CLOSED')) }).waitFor();
    });
    expect((await caseOf(reportId)).status).toBe('CLOSED');

    // The school's list comes from the API (a fresh browser, nothing remembered in it); another school's has none of it.
    const { reference } = await caseOf(reportId);
    await as('school.reporter', async (page) => {
      await page.goto('/school/reports');
      const row = page.getByRole('row', { name: new RegExp(reference) });
      await row.getByRole('link', { name: reference }).waitFor();
      await row.getByText('东门放学后索要零花钱').waitFor();
      await row.getByText(text('status.CLOSED')).waitFor();
      await checkPage(page, 'school-reports-listed');
      await row.getByRole('link', { name: reference }).click();
      await page.waitForURL(new RegExp(`/school/reports/${reportId}$`));
    });
    await as('school2.reporter', async (page) => {
      await page.goto('/school/reports');
      await page
        .getByRole('region', { name: text('report.mine') })
        .locator('.ant-empty')
        .waitFor();
      await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
      expect(await page.getByText(reference).count()).toBe(0);
    });
  });

  it("the supervisor's dashboard counts the cases the API lists", async () => {
    const all = (await system.api('GET', '/api/cases?limit=200', { as: 'supervisor' })).body.items as unknown[];
    expect(all.length).toBeGreaterThan(0);
    await as('supervisor', async (page) => {
      await page.getByRole('heading', { name: text('dashboard.title') }).waitFor();
      await page.getByText(text('dashboard.sample', { count: all.length })).waitFor();
      expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(2);
      await page.getByTestId('stats-cases').waitFor();
      await checkPage(page, 'supervisor-dashboard');
    });
  });

  it('the administrator lists and creates users and sets an SLA policy', async () => {
    await as('admin', async (page) => {
      await page.getByRole('cell', { name: 'police.handler' }).waitFor();
      const form = page.getByTestId('create-user');
      await form.getByLabel(text('users.username')).fill('edu.handler2');
      await form.getByLabel(text('users.password')).fill('a-long-enough-password-1');
      await choose(page, text('users.role'), text('role.department_handler'));
      await choose(page, text('users.org'), '县教体局');
      await form.getByRole('button', { name: text('users.create') }).click();
      await page.getByRole('cell', { name: 'edu.handler2' }).waitFor();
      await checkPage(page, 'admin-users');

      await page.getByRole('link', { name: text('nav.sla') }).click();
      const sla = page.getByTestId('sla-form');
      await choose(page, text('sla.severity'), text('severity.normal'));
      await sla.getByLabel(text('sla.ackWithin')).fill('PT8H');
      await sla.getByLabel(text('sla.rectifyWithin')).fill('P12D');
      await sla.getByRole('button', { name: text('app.save') }).click();
      await page.getByRole('cell', { name: 'P12D' }).waitFor();
      await checkPage(page, 'admin-sla');
    });
    const users = (await system.api('GET', '/api/users?limit=200', { as: 'admin' })).body.items;
    expect(users).toContainEqual(expect.objectContaining({ username: 'edu.handler2', role: 'department_handler' }));
    const policies = (await system.api('GET', '/api/sla-policies', { as: 'admin' })).body.items;
    expect(policies).toContainEqual(
      expect.objectContaining({ severity: 'normal', ackWithin: 'PT8H', rectifyWithin: 'P12D' }),
    );
  });

  it('switches to English, keeps working at 375 px, renews an expired session and signs out', async () => {
    await as(
      'police.handler',
      async (page) => {
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Task inbox' }).waitFor();
        expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
        // Nothing wider than the phone's screen.
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
        await checkPage(page, 'department-task-inbox-en-375');
        // An access token that no longer works is renewed with the refresh token, once, without the user noticing.
        await page.evaluate(`sessionStorage.setItem('cw.session', JSON.stringify({
        ...JSON.parse(sessionStorage.getItem('cw.session')), accessToken: 'expired' }))`);
        await page.reload();
        await page.getByRole('heading', { name: 'Task inbox' }).waitFor();
        await page.getByRole('table').waitFor();
        expect(await page.evaluate<string>(`JSON.parse(sessionStorage.getItem('cw.session')).accessToken`)).not.toBe(
          'expired',
        );
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL('**/login');
        expect(await page.evaluate<string | null>(`sessionStorage.getItem('cw.session')`)).toBeNull();
        await checkPage(page, 'sign-in-en-375');
      },
      375,
    );
  });

  afterAll(() => {
    // The two screenshots the README shows.
    mkdirSync(join(process.cwd(), 'docs', 'console'), { recursive: true });
    for (const name of ['case-assess-assign', 'department-task-inbox']) {
      try {
        copyFileSync(join(ARTIFACTS, `${name}.png`), join(process.cwd(), 'docs', 'console', `${name}.png`));
      } catch {
        // a failed run leaves the README's screenshots as they were
      }
    }
  });
});
