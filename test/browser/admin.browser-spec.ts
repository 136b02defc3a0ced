import { Secret, TOTP } from 'otpauth';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { DEMO_PASSWORD, TestSystem } from '#libs/testing';
import { checkPage, launchChromium, personOn, signIn, text } from './browser.js';

/**
 * The administrator's and the inspector's screens and the second factor's set-up, in a real browser
 * against the whole system: a CSV import sent in parts with a bad row reported, users imported (a
 * new user signing in with the password shown once), routing rules, a calendar day, life-safety
 * terms (each edit read back through the API, the API's validation errors shown), an inspection and a checklist on a phone, TOTP turned on and then asked for at sign-in;
 * every new page checked with axe-core and photographed. One system for the whole file.
 */
describe('web console: administration, inspection, second factor', () => {
  let system: TestSystem;
  let browser: Browser;
  const units: Record<string, string> = {};
  const schools: Record<string, string> = {};

  beforeAll(async () => {
    [system, browser] = await Promise.all([TestSystem.start(), launchChromium()]);
    for (const unit of (await system.api('GET', '/api/directory/units?limit=200', { as: 'admin' })).body.items) {
      units[unit.code] = unit.id;
    }
    for (const school of (await system.api('GET', '/api/directory/schools?limit=200', { as: 'admin' })).body.items) {
      schools[school.code] = school.id;
    }
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
  /**
   * Picks an option of the antd Select labelled `label` inside `scope` (typing `search` first): in the
   * drop-down that select controls, not another one still fading out.
   */
  const pick = async (
    page: Page,
    scope: Locator | Page,
    label: string,
    option: string,
    { search, multiple }: { search?: string; multiple?: boolean } = {},
  ) => {
    const select = scope.getByLabel(label, { exact: true });
    await select.click();
    if (search) await select.fill(search);
    const list = await select.getAttribute('aria-controls');
    const dropdown = list
      ? page.locator('.ant-select-dropdown', { has: page.locator(`[id="${list}"]`) })
      : page.locator('.ant-select-dropdown:visible');
    await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
    if (multiple) await page.keyboard.press('Escape');
  };
  const saved = (page: Page) => page.getByText(text('app.saved')).first().waitFor();
  const narrowEnough = async (page: Page) =>
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

  it('imports schools and units from a CSV file in parts, reports the bad row by its file row, and lists the good ones', async () => {
    // 230 rows: two requests of at most 200 rows; the bad one (row 215 of the file) is in the second.
    const rows = Array.from({ length: 229 }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      return i === 0 ? `unit,ZT-U${n},县水务局 ${n}` : `school,ZT-S${n},测试学校 ${n}`;
    });
    rows.splice(213, 0, 'village,ZT-V001,不是学校也不是单位');
    const csv = `kind,code,name\n${rows.join('\n')}\n`;
    await as('admin', async (page) => {
      await page.goto('/admin/organisations');
      await page.getByRole('heading', { name: text('orgs.title') }).waitFor();
      const card = page.getByTestId('import');
      await card
        .locator('input[type=file]')
        .setInputFiles({ name: 'organisations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await card.getByRole('button', { name: text('import.startImport') }).click();
      await page.getByText(text('import.summary', { created: 229, exists: 0, errors: 1 })).waitFor();
      await page
        .getByText(text('import.progress', { done: 230, total: 230 }))
        .first()
        .waitFor();
      // The report starts with the bad row, by its row in the file, with the field and the API's reason.
      const report = page.getByRole('region', { name: text('import.report'), exact: true });
      const bad = report.getByRole('row', { name: /ZT-V001/ });
      await bad.getByText(/^kind: /).waitFor();
      expect(await bad.getByRole('cell').first().innerText()).toBe('215');
      expect(await report.getByRole('row').count()).toBe(2); // the header and the bad row
      await card.getByText(text('import.onlyErrors')).click();
      await report
        .getByRole('row', { name: /ZT-U001/ })
        .getByText(text('import.status.created'))
        .waitFor();
      // The good rows in the directory's lists.
      await page
        .getByRole('region', { name: text('orgs.units'), exact: true })
        .getByRole('cell', { name: 'ZT-U001' })
        .waitFor();
      await page
        .getByRole('region', { name: text('orgs.schools'), exact: true })
        .getByRole('cell', { name: 'ZT-S002' })
        .waitFor();
      await checkPage(page, 'admin-organisations');
    });
    const listed = (await system.api('GET', '/api/directory/units?limit=200', { as: 'admin' })).body.items;
    expect(listed).toContainEqual(
      expect.objectContaining({ code: 'ZT-U001', name: '县水务局 001', kind: 'department' }),
    );
    // Importing the same rows again changes nothing.
    const again = await system.api('POST', '/api/directory/organisations/import', { as: 'admin', body: { csv } });
    expect(again.body).toMatchObject({ created: 0, exists: 229, errors: 1 });
  });

  it('imports users from a CSV file, reports the bad row, shows each new password once, and a new user signs in with it', async () => {
    const csv = [
      'username,role,organisation,displayName',
      'zt.reporter,school_reporter,zt-s003,测试上报员',
      'zt.nobody,school_reporter,ZT-NOWHERE,不存在的学校',
      'zt.handler,department_handler,ZT-U001,',
    ].join('\n');
    let password = '';
    await as('admin', async (page) => {
      await page.goto('/admin/users');
      await page.getByRole('heading', { name: text('users.title') }).waitFor();
      const card = page.getByTestId('import');
      await card
        .locator('input[type=file]')
        .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await card.getByRole('button', { name: text('import.startImport') }).click();
      await page.getByText(text('import.summary', { created: 2, exists: 0, errors: 1 })).waitFor();
      // The bad row by its row in the file, naming the column and the API's reason.
      const report = page.getByRole('region', { name: text('import.report'), exact: true });
      const bad = report.getByRole('row', { name: /zt\.nobody/ });
      await bad.getByText(/^organisation: /).waitFor();
      expect(await bad.getByRole('cell').first().innerText()).toBe('3');
      // The passwords, shown once with a warning and a copy button each.
      const passwords = page.getByRole('region', { name: text('users.passwords'), exact: true });
      await page.getByText(text('users.passwordsOnce')).waitFor();
      const row = passwords.getByRole('row', { name: /zt\.reporter/ });
      await row.getByRole('button', { name: text('users.copyPassword', { username: 'zt.reporter' }) }).waitFor();
      password = (await row.locator('code').innerText()).trim();
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(await passwords.getByRole('row').count()).toBe(3); // the header and the two created users
      // The results as a CSV file made in the page, with the passwords to hand over.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: text('users.downloadResults') }).click(),
      ]);
      const saved = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of saved) chunks.push(chunk as Buffer);
      const file = Buffer.concat(chunks).toString('utf8');
      expect(file).toContain(`3,error,zt.nobody,,organisation,`);
      expect(file).toContain(`2,created,zt.reporter,${password},,`);
      await checkPage(page, 'admin-users-import');
    });
    // The new user signs in with the password the page showed.
    const { context, page } = await personOn(browser, system.url(''));
    try {
      await page.goto('/login');
      await page.getByLabel(text('signIn.username')).fill('zt.reporter');
      await page.getByLabel(text('signIn.password')).fill(password);
      await page.getByRole('button', { name: text('signIn.submit') }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
    } finally {
      await context.close();
    }
  });

  it('renames a school in a dialog (the API refusal shown on the field) and retires a unit after a confirmation, tagged', async () => {
    const renamed = '测试学校 002（新校区）';
    await as('admin', async (page) => {
      await page.goto('/admin/organisations');
      const schoolList = page.getByRole('region', { name: text('orgs.schools'), exact: true });
      await schoolList
        .getByRole('row', { name: /ZT-S002/ })
        .getByRole('button', { name: text('orgs.editOf', { name: '测试学校 002' }) })
        .click();
      const dialog = page.getByRole('dialog', { name: text('orgs.editTitle', { code: 'ZT-S002' }) });
      const name = dialog.getByLabel(text('orgs.name'));
      await expect(name.inputValue()).resolves.toBe('测试学校 002');
      // A tab is a control character: the API refuses the name, and the dialog says so on the field.
      await name.fill('测试学校\t002');
      await dialog.getByRole('button', { name: text('app.save') }).click();
      await dialog.locator('.ant-form-item-explain-error', { hasText: /control characters/ }).waitFor();
      await checkPage(page, 'admin-organisations-edit');
      await name.fill(renamed);
      await dialog.getByRole('button', { name: text('app.save') }).click();
      await dialog.waitFor({ state: 'hidden' });
      await schoolList
        .getByRole('row', { name: /ZT-S002/ })
        .getByRole('cell', { name: renamed, exact: true })
        .waitFor();

      const unitList = page.getByRole('region', { name: text('orgs.units'), exact: true });
      const unit = unitList.getByRole('row', { name: /ZT-U001/ });
      await unit.getByRole('button', { name: text('orgs.retireOf', { name: '县水务局 001' }) }).click();
      const confirm = page
        .locator('.ant-popconfirm')
        .filter({ hasText: text('orgs.retireConfirm', { name: '县水务局 001' }) });
      await confirm.getByText(text('orgs.retireUnitHint')).waitFor();
      await checkPage(page, 'admin-organisations-retire');
      await confirm.getByRole('button', { name: text('orgs.retire'), exact: true }).click();
      await unit.getByText(text('orgs.retired'), { exact: true }).waitFor();
      await unit.getByRole('button', { name: text('orgs.reinstateOf', { name: '县水务局 001' }) }).waitFor();
    });
    const school = await system.api('GET', '/api/directory/schools?limit=200', { as: 'admin' });
    expect(school.body.items).toContainEqual(
      expect.objectContaining({ code: 'ZT-S002', name: renamed, retiredAt: null }),
    );
    const active = await system.api('GET', '/api/directory/units?limit=200&active=true', { as: 'admin' });
    expect(active.body.items.map((unit: { code: string }) => unit.code)).not.toContain('ZT-U001');
    const retired = await system.api('GET', '/api/directory/units?limit=200&active=false', { as: 'admin' });
    expect(retired.body.items).toEqual([expect.objectContaining({ code: 'ZT-U001', retiredAt: expect.any(String) })]);
  });

  it('edits the routing rules, showing the API refusal on its field, and the saved rule is what the API answers', async () => {
    await as('admin', async (page) => {
      await page.goto('/admin/routing-rules');
      await page.getByRole('button', { name: text('routing.add') }).click();
      const rule = page.getByTestId('rule-0');
      await pick(page, rule, text('report.category'), text('category.dropout'));
      await pick(page, rule, text('case.lead'), '县教体局');
      // The lead unit again as an assisting unit: the API refuses, naming the field.
      await pick(page, rule, text('case.assisting'), '县教体局', { multiple: true });
      await page.getByRole('button', { name: text('app.save') }).click();
      await rule.locator('.ant-form-item-explain-error', { hasText: /cannot also be an assisting unit/ }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'rules.0.assistingUnitIds' }).waitFor();
      await rule.locator('.ant-select-selection-item-remove').first().click();
      await pick(page, rule, text('case.assisting'), '县公安局', { multiple: true });
      await page.getByRole('button', { name: text('app.save') }).click();
      await saved(page);
      await checkPage(page, 'admin-routing-rules');
    });
    const rules = (await system.api('GET', '/api/routing-rules', { as: 'taskforce.dispatcher' })).body.items;
    expect(rules).toEqual([{ category: 'dropout', leadUnitId: units['DM-EDU'], assistingUnitIds: [units['DM-PSB']] }]);
  });

  it('changes a day of the calendar, naming the day the API refuses, and the API answers the changed year', async () => {
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
    );
    const before = await system.api('GET', `/api/calendars/${year}`, { as: 'admin' });
    const known = new Set<string>(before.status === 200 ? [...before.body.offDays, ...before.body.workdays] : []);
    // A Wednesday not yet changed: a day off now, and (refused) a weekday "made" a working day.
    const wednesdays = Array.from({ length: 52 }, (_, week) => new Date(Date.UTC(year, 0, 1 + week * 7)))
      .map((date) => new Date(date.getTime() + ((3 - date.getUTCDay() + 7) % 7) * 86_400_000))
      .map((date) => date.toISOString().slice(0, 10))
      .filter((date) => date.startsWith(String(year)) && !known.has(date));
    const [dayOff, notAWeekend] = [wednesdays[10], wednesdays[11]];
    await as('admin', async (page) => {
      await page.goto('/admin/calendars');
      const form = page.getByTestId('calendar-day');
      await form.getByLabel(text('calendar.date')).fill(notAWeekend);
      await pick(page, form, text('calendar.kind'), text('calendar.kind.work'));
      await form.getByRole('button', { name: text('calendar.apply') }).click();
      await page.getByRole('button', { name: text('calendar.save', { year }) }).click();
      await page.getByText(text('calendar.badDay', { date: notAWeekend })).waitFor();
      await page
        .getByRole('alert')
        .filter({ hasText: /Saturday or a Sunday/ })
        .waitFor();
      await page.getByRole('button', { name: `（${notAWeekend}）` }).click();

      await form.getByLabel(text('calendar.date')).fill(dayOff);
      await pick(page, form, text('calendar.kind'), text('calendar.kind.off'));
      await form.getByRole('button', { name: text('calendar.apply') }).click();
      await page
        .getByTestId('calendar-offDays')
        .getByRole('button', { name: `（${dayOff}）` })
        .waitFor();
      await page.getByRole('button', { name: text('calendar.save', { year }) }).click();
      await saved(page);
      await checkPage(page, 'admin-calendars');
    });
    const after = (await system.api('GET', `/api/calendars/${year}`, { as: 'police.handler' })).body;
    expect(after.offDays).toContain(dayOff);
    expect([...after.offDays, ...after.workdays]).not.toContain(notAWeekend);
    expect(after.offDays.length + after.workdays.length).toBe(known.size + 1);
  });

  it('saves the life-safety terms one a line, showing a repeated term refused on the field', async () => {
    const { terms } = (await system.api('GET', '/api/life-safety-terms', { as: 'admin' })).body as { terms: string[] };
    await as('admin', async (page) => {
      await page.goto('/admin/life-safety-terms');
      const box = page.getByLabel(text('terms.label'));
      await box.waitFor();
      await box.fill([...terms, terms[0]].join('\n'));
      await page.getByRole('button', { name: text('app.save') }).click();
      await page.locator('.ant-form-item-explain-error', { hasText: /must not repeat a term/ }).waitFor();
      await box.fill([...terms, '  东门持刀滋事 ', ''].join('\n'));
      await page.getByText(text('terms.count', { count: terms.length + 1 })).waitFor();
      await page.getByRole('button', { name: text('app.save') }).click();
      await saved(page);
      await checkPage(page, 'admin-life-safety-terms');
    });
    const after = (await system.api('GET', '/api/life-safety-terms', { as: 'admin' })).body.terms as string[];
    expect([...after].sort()).toEqual([...terms, '东门持刀滋事'].sort());
  });

  it('shows the escalation policy and the rubric as editable forms', async () => {
    await as('admin', async (page) => {
      await page.goto('/admin/escalation');
      await page.getByTestId('rung-0').waitFor();
      await checkPage(page, 'admin-escalation');
      await page.goto('/admin/rubric');
      await page.getByTestId('criterion-0').waitFor();
      await checkPage(page, 'admin-rubric');
    });
  });

  it('records an inspection with a finding and a photo, and fills in a checklist, on a 375 px phone', async () => {
    const photo = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c60' } })
      .png()
      .toBuffer();
    await as(
      'inspector',
      async (page) => {
        await page.getByRole('heading', { name: text('inspect.title'), exact: true }).waitFor();
        const form = page.getByTestId('record-inspection');
        await pick(page, form, text('cases.school'), '第一实验小学', { search: '第一实验' });
        await form.getByRole('button', { name: text('inspect.addFinding') }).click();
        const finding = page.getByTestId('finding-0');
        await finding.getByLabel(text('inspect.item'), { exact: true }).fill('东门护栏松动');
        await pick(page, finding, text('inspect.severity'), text('inspect.severity.major'));
        await finding.getByLabel(text('inspect.note')).fill('已通知学校总务处');
        await finding.getByText(text('inspect.hazard')).click();
        await form
          .locator('input[type=file]')
          .setInputFiles({ name: 'gate.png', mimeType: 'image/png', buffer: photo });
        await form.getByRole('button', { name: text('inspect.save') }).click();
        await page.getByText(text('inspect.recorded')).waitFor();
        await page
          .getByRole('region', { name: text('inspect.list') })
          .getByText(/东门护栏松动/)
          .waitFor();
        await narrowEnough(page);
        await checkPage(page, 'inspector-inspections-375');

        await page.goto('/inspections/checklist');
        await pick(page, page, text('cases.school'), '第一实验小学', { search: '第一实验' });
        const guardPost = page.getByTestId('checklist-guardPost');
        await guardPost.getByRole('switch').click();
        await guardPost.getByLabel(text('inspect.note')).fill('早晚高峰有民警和保安值守');
        await page.getByRole('button', { name: text('app.save') }).click();
        await page.getByText(text('inspect.doneCount', { done: 1, total: 6 })).waitFor();
        await narrowEnough(page);
        await checkPage(page, 'inspector-checklist-375');
      },
      375,
    );
    const [inspection] = (await system.api('GET', '/api/inspections', { as: 'inspector' })).body.items;
    expect(inspection).toMatchObject({
      schoolId: schools['DM-S001'],
      kind: 'daily',
      findings: [
        { item: '东门护栏松动', severity: 'major', note: '已通知学校总务处', hazard: true, needsUnits: false },
      ],
      attachmentIds: [expect.any(String)],
    });
    const checklists = await system.api('GET', `/api/schools/${schools['DM-S001']}/checklist/${termNow()}`, {
      as: 'school.reporter',
    });
    expect(checklists.body).toMatchObject({
      doneCount: 1,
      guardPost: { done: true, note: '早晚高峰有民警和保安值守' },
    });
  });

  it('turns the second factor on in the console, which then asks for a code at sign-in', async () => {
    const { context, page } = await personOn(browser, system.url(''));
    try {
      await signIn(page, 'plc.head');
      await page.getByRole('link', { name: text('security.nav') }).click();
      await page.getByTestId('totp-off').waitFor();
      await page.getByRole('button', { name: text('security.start') }).click();
      await checkPage(page, 'me-security');
      // The QR code to scan, drawn in the page as an SVG and named for screen readers.
      const qr = page.getByRole('img', { name: text('security.qr') });
      const box = await qr.boundingBox();
      expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThan(150); // large enough to scan
      const uri = new URL(/otpauth:\/\/\S+/.exec(await page.getByTestId('totp-uri').innerText())![0]);
      const secret = Secret.fromBase32(uri.searchParams.get('secret')!);
      const confirm = page.getByTestId('totp-confirm');
      await confirm.getByLabel(text('security.code')).fill(TOTP.generate({ secret }));
      await confirm.getByRole('button', { name: text('security.confirm') }).click();
      await page.getByTestId('totp-on').waitFor();
      // Ten recovery codes, shown this once.
      const recoveryCodes = (await page.getByTestId('recovery-codes').innerText()).match(
        /[a-z2-9]{4}(-[a-z2-9]{4}){3}/g,
      );
      expect(recoveryCodes).toHaveLength(10);

      /** Signs out and in again; the password was right, so the code is asked for: `code` is typed there. */
      const signInWith = async (code: string) => {
        await page.getByRole('button', { name: text('app.signOut') }).click();
        await page.waitForURL('**/login');
        await page.getByLabel(text('signIn.username')).fill('plc.head');
        await page.getByLabel(text('signIn.password')).fill(DEMO_PASSWORD);
        await page.getByRole('button', { name: text('signIn.submit') }).click();
        const field = page.getByLabel(text('signIn.totp'));
        await field.waitFor();
        expect(page.url()).toMatch(/\/login$/);
        await field.fill(code);
        await page.getByRole('button', { name: text('signIn.submit') }).click();
        await page.waitForURL('**/tasks');
      };
      // The next time step's code, since each code works once; then a recovery code in its place.
      await signInWith(TOTP.generate({ secret, timestamp: Date.now() + 30_000 }));
      await signInWith(recoveryCodes![3]);
    } finally {
      await context.close();
    }
    const users = (await system.api('GET', '/api/users?limit=200', { as: 'admin' })).body.items;
    expect(users).toContainEqual(expect.objectContaining({ username: 'plc.head', totpEnabled: true }));
  });
});

/** The term whose checklist counts now: spring for January to June, autumn after, in the county's year. */
function termNow(): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .split('-');
  return `${year}-${Number(month) <= 6 ? 'spring' : 'autumn'}`;
}
