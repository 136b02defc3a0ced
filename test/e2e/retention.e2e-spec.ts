import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { TestSystem, waitFor } from '#libs/testing';

/**
 * Retention: with periods of two seconds, a tip refused as spam, a report whose case the bureau
 * closed at its screen and a tip (about no school: intake learns its case's end from
 * `dispatch.case.closed` alone) whose case was merged lose their personal texts, their threads'
 * texts and their files, in the database (ciphertext included) and in every view, with one audit
 * row each, even with two intake processes sweeping; a tip and a report still open keep everything.
 */
describe('retention: closed tips and cases anonymised after their periods', () => {
  let system: TestSystem;
  const GONE = `gone-${randomUUID().slice(0, 8)}`;
  const KEPT = `kept-${randomUUID().slice(0, 8)}`;
  const intakeEnv = { RETENTION_CLOSED_TIPS: 'PT2S', RETENTION_CLOSED_CASES: 'PT2S', RETENTION_SWEEP_MS: '500' };
  const dispatchEnv = { RETENTION_CLOSED_CASES: 'PT2S', RETENTION_SWEEP_MS: '500' };
  const units: Record<string, string> = {};

  beforeAll(async () => {
    system = await TestSystem.start({ serviceEnv: { intake: intakeEnv, dispatch: dispatchEnv } });
    // A second process of each sweeps too: the row locks must keep them from doing anything twice.
    await Promise.all([system.startService('intake', intakeEnv, 1), system.startService('dispatch', dispatchEnv, 1)]);
    for (const unit of (await system.api('GET', '/api/directory/units?limit=200', { as: 'admin' })).body.items) {
      units[unit.code] = unit.id;
    }
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const post = (path: string, as: string | undefined, body: unknown) => system.api('POST', path, { as, body });
  const png = () =>
    sharp({ create: { width: 8, height: 8, channels: 3, background: '#3c3' } })
      .png()
      .toBuffer();
  const upload = async (fields: Record<string, string>, as?: string): Promise<string> => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    form.append('file', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'photo.png');
    const headers: Record<string, string> = as ? { authorization: `Bearer ${await system.tokenFor(as)}` } : {};
    const response = await fetch(system.url('/api/attachments'), { method: 'POST', body: form, headers });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const download = async (id: string, as: string) =>
    (
      await fetch(system.url(`/api/attachments/${id}`), {
        headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
      })
    ).status;
  const fileKept = (id: string) => existsSync(join(system.logDir, 'attachments', id));

  /** A tip with every text, a staff question and the tipster's answer with a photo. */
  const tipWithThread = async (canary: string) => {
    const sent = await post('/api/tips', undefined, {
      what: `Pupils are beaten in the bike shed ${canary}-what`,
      schoolName: `No. 2 Middle School ${canary}-school`,
      who: `Li Lei of grade 8 ${canary}-who`,
      where: `the bike shed ${canary}-where`,
      when: `every Monday ${canary}-when`,
      contact: `${canary}@example.org`,
      category: 'bullying',
    });
    expect(sent.status).toBe(201);
    const credentials = sent.body as { trackingCode: string; secret: string };
    const queue = await system.api('GET', '/api/tips', { as: 'taskforce.dispatcher' });
    const id = queue.body.items[0].id as string;
    expect((await post(`/api/tips/${id}/messages`, 'taskforce.dispatcher', { text: 'Which shed?' })).status).toBe(201);
    const photo = await upload(credentials);
    const answered = await post('/api/tips/follow-up/messages', undefined, {
      ...credentials,
      text: `The one by the east gate ${canary}-answer`,
      attachmentIds: [photo],
    });
    expect(answered.status).toBe(201);
    return { id, photo, ...credentials };
  };

  /** A report with every text, coordinates, a photo and a thread, once dispatch has opened its case. */
  const reportWithThread = async (canary: string) => {
    const photo = await upload({}, 'school.reporter');
    const sent = await post('/api/whistle-reports', 'school.reporter', {
      category: 'bullying',
      subcategory: 'extortion',
      severity: 'high',
      title: `Money taken from ${canary}-title`,
      description: `Older pupils take lunch money ${canary}-description`,
      location: { address: `Behind the canteen ${canary}-location`, lat: 35.29, lng: 115.09 },
      occurredAt: '2026-11-27T04:00:00Z',
      peopleInvolved: [{ name: `Han Meimei ${canary}-person`, role: 'student', grade: '4' }],
      attachmentIds: [photo],
    });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    await waitFor(
      `case ${id} to open`,
      async () => (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).status === 200,
      { timeoutMs: 60_000 },
    );
    const message = await post(`/api/whistle-reports/${id}/messages`, 'school.reporter', {
      text: `The boy is ${canary}-message`,
    });
    expect(message.status).toBe(201);
    return { id, photo };
  };

  const tipRow = async (id: string) =>
    (await system.query<Record<string, any>>('SELECT * FROM intake.tips WHERE id = $1', [id]))[0];
  const reportRow = async (id: string) =>
    (await system.query<Record<string, any>>('SELECT * FROM intake.whistle_reports WHERE id = $1', [id]))[0];
  const bodies = async (threadId: string) =>
    (
      await system.query<{ body: string }>('SELECT body FROM intake.messages WHERE thread_id = $1 ORDER BY sent_at', [
        threadId,
      ])
    ).map((row) => row.body);
  const erasures = () =>
    system.query<{ subject: string; subject_id: string; fields: string[] }>(
      `SELECT subject, subject_id, fields FROM intake.field_reads WHERE actor_role = 'system:retention' ORDER BY id`,
    );

  let spam: Awaited<ReturnType<typeof tipWithThread>>;
  let merged: Awaited<ReturnType<typeof tipWithThread>>;
  let openTip: Awaited<ReturnType<typeof tipWithThread>>;
  let closed: Awaited<ReturnType<typeof reportWithThread>>;
  let openReport: Awaited<ReturnType<typeof reportWithThread>>;

  it('anonymises a refused tip, a closed case and a merged tip once their periods pass', async () => {
    openTip = await tipWithThread(KEPT);
    openReport = await reportWithThread(KEPT);

    spam = await tipWithThread(GONE);
    const refused = await post(`/api/tips/${spam.id}/triage`, 'taskforce.dispatcher', {
      decision: 'spam',
      reason: `advertising ${GONE}-reason`,
    });
    expect(refused.status).toBe(200);

    closed = await reportWithThread(GONE);
    const screened = await post(`/api/cases/${closed.id}/screen`, 'bureau.reviewer', {
      decision: 'resolve',
      reason: 'the school resolved it with the parents',
    });
    expect(screened.status).toBe(200);
    expect(screened.body.status).toBe('CLOSED');

    merged = await tipWithThread(GONE);
    const opened = await post(`/api/tips/${merged.id}/triage`, 'taskforce.dispatcher', {
      decision: 'open-case',
      reason: `credible ${GONE}-reason`,
    });
    expect(opened.status).toBe(200);
    await waitFor(
      'the case of the tip to open',
      async () => (await system.api('GET', `/api/cases/${merged.id}`, { as: 'taskforce.dispatcher' })).status === 200,
      { timeoutMs: 60_000 },
    );
    const merging = await post(`/api/cases/${merged.id}/merge`, 'taskforce.dispatcher', {
      intoCaseId: openReport.id,
      reason: 'same incident',
    });
    expect(merging.status).toBe(200);

    await waitFor(
      'the three to be anonymised',
      async () => {
        const rows = [await tipRow(spam.id), await reportRow(closed.id), await tipRow(merged.id)];
        return rows.every((row) => row.anonymised_at !== null);
      },
      { timeoutMs: 60_000 },
    );
  });

  it('leaves no personal text, ciphertext or file of them in the database', async () => {
    for (const id of [spam.id, merged.id]) {
      const tip = await tipRow(id);
      expect(tip).toMatchObject({
        what: '',
        school_name: null,
        occurred: null,
        place: null,
        people: null,
        contact: null,
        decision_reason: null,
        // What statistics count stays.
        category: 'bullying',
        submitted_at: expect.any(Date),
        triaged_at: expect.any(Date),
      });
      expect(await bodies(id)).toEqual(['', '']);
    }
    expect((await tipRow(spam.id)).status).toBe('spam');
    expect(await tipRow(merged.id)).toMatchObject({ status: 'escalated', case_status: 'MERGED' });

    const report = await reportRow(closed.id);
    expect(report).toMatchObject({
      title: '',
      description: '',
      location: '',
      lat: null,
      lng: null,
      people_involved: null,
      category: 'bullying',
      subcategory: 'extortion',
      severity: 'high',
      case_status: 'CLOSED',
      school_id: expect.any(String),
      occurred_at: expect.any(Date),
      submitted_at: expect.any(Date),
    });
    expect(await bodies(closed.id)).toEqual(['']);

    for (const photo of [spam.photo, merged.photo, closed.photo]) {
      const [row] = await system.query('SELECT sha256, anonymised_at, size FROM intake.attachments WHERE id = $1', [
        photo,
      ]);
      expect(row).toMatchObject({ sha256: '', anonymised_at: expect.any(Date) });
      expect(Number(row.size)).toBeGreaterThan(0);
      expect(fileKept(photo)).toBe(false);
    }

    // Nothing of theirs is left encrypted either: only the open tip and report hold ciphertext.
    const ciphertext = await system.query<{ id: string }>(
      `SELECT id FROM intake.tips WHERE concat(school_name, what, occurred, place, people, contact, decision_reason) LIKE '%enc:v1:%'
       UNION ALL SELECT id FROM intake.whistle_reports WHERE concat(description, people_involved) LIKE '%enc:v1:%'
       UNION ALL SELECT thread_id FROM intake.messages WHERE body LIKE 'enc:v1:%'`,
    );
    expect(new Set(ciphertext.map((row) => row.id))).toEqual(new Set([openTip.id, openReport.id]));
    const clear = await system.query(`SELECT 1 FROM intake.whistle_reports WHERE concat(title, location) LIKE $1`, [
      `%${GONE}%`,
    ]);
    expect(clear).toEqual([]);
  });

  it('shows the views without the texts, and takes nothing new into their threads', async () => {
    const tipView = await system.api('GET', `/api/tips/${spam.id}`, { as: 'taskforce.dispatcher' });
    expect(tipView.status).toBe(200);
    expect(tipView.body).toMatchObject({
      status: 'spam',
      what: '',
      schoolName: null,
      who: null,
      where: null,
      when: null,
      contact: null,
      triage: { reason: null },
      anonymisedAt: expect.any(String),
    });
    expect(tipView.body.messages.map((m: { text: string }) => m.text)).toEqual(['', '']);
    expect(JSON.stringify(tipView.body)).not.toContain(GONE);

    const followUp = await post('/api/tips/follow-up', undefined, {
      trackingCode: spam.trackingCode,
      secret: spam.secret,
    });
    expect(followUp.status).toBe(200);
    expect(followUp.body.status).toBe('spam');
    expect(followUp.body.messages.map((m: { text: string }) => m.text)).toEqual(['', '']);

    for (const as of ['school.reporter', 'taskforce.dispatcher']) {
      const view = await system.api('GET', `/api/whistle-reports/${closed.id}`, { as });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        title: '',
        description: '',
        location: '',
        coordinates: null,
        peopleInvolved: [],
        status: 'CLOSED',
        category: 'bullying',
        anonymisedAt: expect.any(String),
      });
      expect(JSON.stringify(view.body)).not.toContain(GONE);
    }
    expect(await download(closed.photo, 'school.reporter')).toBe(404);
    expect(await download(spam.photo, 'taskforce.dispatcher')).toBe(404);

    expect((await post(`/api/tips/${spam.id}/messages`, 'taskforce.dispatcher', { text: 'more?' })).status).toBe(409);
    const tipster = await post('/api/tips/follow-up/messages', undefined, {
      trackingCode: spam.trackingCode,
      secret: spam.secret,
      text: 'one more thing',
    });
    expect(tipster.status).toBe(409);
    const school = await post(`/api/whistle-reports/${closed.id}/messages`, 'school.reporter', { text: 'more' });
    expect(school.status).toBe(409);
    expect(await bodies(closed.id)).toEqual(['']);
  });

  it('leaves the open tip and report untouched', async () => {
    const tip = await tipRow(openTip.id);
    expect(tip.anonymised_at).toBeNull();
    expect(tip.what).toMatch(/^enc:v1:t1:/);
    const tipView = await system.api('GET', `/api/tips/${openTip.id}`, { as: 'taskforce.dispatcher' });
    expect(tipView.body).toMatchObject({
      status: 'received',
      what: expect.stringContaining(`${KEPT}-what`),
      who: expect.stringContaining(`${KEPT}-who`),
      contact: `${KEPT}@example.org`,
      anonymisedAt: null,
    });
    expect(tipView.body.messages.map((m: { text: string }) => m.text)).toEqual([
      'Which shed?',
      expect.stringContaining(`${KEPT}-answer`),
    ]);

    const report = await reportRow(openReport.id);
    expect(report.anonymised_at).toBeNull();
    expect(report.description).toMatch(/^enc:v1:t1:/);
    const view = await system.api('GET', `/api/whistle-reports/${openReport.id}`, { as: 'school.reporter' });
    expect(view.body).toMatchObject({
      title: expect.stringContaining(KEPT),
      description: expect.stringContaining(`${KEPT}-description`),
      location: expect.stringContaining(KEPT),
      coordinates: { lat: 35.29, lng: 115.09 },
      peopleInvolved: [expect.objectContaining({ name: expect.stringContaining(KEPT) })],
      anonymisedAt: null,
    });
    expect(view.body.messages.map((m: { text: string }) => m.text)).toEqual([`The boy is ${KEPT}-message`]);
    for (const photo of [openTip.photo, openReport.photo]) expect(fileKept(photo)).toBe(true);
    expect(await download(openReport.photo, 'school.reporter')).toBe(200);
  });

  let rectified: { id: string; evidence: string };

  it("removes a closed case's notes, reasons and summaries in dispatch and its evidence files in intake", async () => {
    const ok = (answer: { status: number; body: any }) => {
      expect(answer.status).toBeLessThan(300);
      return answer.body;
    };
    const report = await reportWithThread(GONE);
    ok(
      await post(`/api/cases/${report.id}/screen`, 'bureau.reviewer', {
        decision: 'forward',
        reason: `${GONE}-screen`,
      }),
    );
    ok(
      await post(`/api/cases/${report.id}/assess`, 'taskforce.dispatcher', {
        category: 'bullying',
        severity: 'high',
        riskLevel: 'medium',
        note: `${GONE}-assessment`,
      }),
    );
    const assigned = ok(
      await post(`/api/cases/${report.id}/assign`, 'taskforce.dispatcher', {
        leadUnitId: units['DM-PSB'],
        assistingUnitIds: [],
        severity: 'high',
      }),
    );
    const task = assigned.tasks[0].id as string;
    ok(await post(`/api/tasks/${task}/acknowledge`, 'police.handler', {}));
    ok(await post(`/api/tasks/${task}/progress`, 'police.handler', { note: `${GONE}-progress` }));
    const evidence = await upload({}, 'police.handler');
    ok(
      await post(`/api/tasks/${task}/rectify`, 'police.handler', {
        summary: `${GONE}-rectified`,
        evidence: [evidence],
      }),
    );
    await waitFor(
      'the evidence to be linked to the case',
      async () => (await download(evidence, 'taskforce.dispatcher')) === 200,
    );
    ok(await post(`/api/cases/${report.id}/verify`, 'taskforce.dispatcher', { note: `${GONE}-verified` }));
    ok(await post(`/api/cases/${report.id}/confirm`, 'school.reporter', {}));
    rectified = { id: report.id, evidence };

    const dispatchTexts = () =>
      system.query<{ texts: string | null; anonymised: boolean }>(
        `SELECT c.anonymised_at IS NOT NULL AS anonymised,
                concat(c.assessment_note, (SELECT string_agg(concat(reason, ''), '') FROM dispatch.case_transitions WHERE case_id = c.id),
                       (SELECT string_agg(concat(progress_note, feedback_summary, rectify_summary, decline_reason), '')
                          FROM dispatch.tasks WHERE case_id = c.id)) AS texts
           FROM dispatch.cases c WHERE c.id = $1`,
        [report.id],
      );
    await waitFor("dispatch to remove the closed case's texts", async () => (await dispatchTexts())[0].anonymised, {
      timeoutMs: 60_000,
    });
    expect(await dispatchTexts()).toEqual([{ anonymised: true, texts: '' }]);
    const fileRow = async () =>
      (await system.query('SELECT sha256, anonymised_at FROM intake.attachments WHERE id = $1', [evidence]))[0];
    // The file goes and its row is rewritten by the same handler: wait for both, not the first seen.
    await waitFor('intake to remove the evidence', async () => !fileKept(evidence) && (await fileRow()).anonymised_at, {
      timeoutMs: 60_000,
    });
    const file = await fileRow();
    expect(file).toMatchObject({ sha256: '', anonymised_at: expect.any(Date) });
    expect(await download(evidence, 'taskforce.dispatcher')).toBe(404);
    // Intake learns of the close from the same event and anonymises the report on its own sweep.
    await waitFor(
      "intake to anonymise the rectified case's report",
      async () => (await reportRow(report.id)).anonymised_at !== null,
      {
        timeoutMs: 60_000,
      },
    );

    // What the ledger and statistics count stays: the case, its task, its times.
    const view = ok(await system.api('GET', `/api/cases/${report.id}`, { as: 'taskforce.dispatcher' }));
    expect(view).toMatchObject({
      status: 'CLOSED',
      tasks: [expect.objectContaining({ rectifiedAt: expect.any(String), evidence: [evidence] })],
    });
    expect(JSON.stringify(view)).not.toContain(GONE);
    // Two dispatch processes sweep: one event per case, however many swept.
    const events = await system.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dispatch.outbox WHERE type = 'dispatch.case.anonymised' AND envelope->'payload'->>'caseId' = $1`,
      [report.id],
    );
    expect(events).toEqual([{ n: 1 }]);
    // The open report's case keeps its texts.
    const [open] = await system.query<{ anonymised_at: Date | null }>(
      'SELECT anonymised_at FROM dispatch.cases WHERE id = $1',
      [openReport.id],
    );
    expect(open.anonymised_at).toBeNull();
  });

  it('records each anonymisation once in the chained audit, however many processes sweep', async () => {
    const before = await erasures();
    expect(before.map((row) => [row.subject, row.subject_id]).sort()).toEqual(
      [
        ['tip', spam.id],
        ['tip', merged.id],
        ['report', closed.id],
        ['report', rectified.id],
        ['case', rectified.id],
      ].sort(),
    );
    expect(before.find((row) => row.subject === 'report')?.fields).toEqual(
      expect.arrayContaining(['erased:description', 'erased:peopleInvolved', 'erased:messages', 'erased:attachments']),
    );
    // Several more sweeps of both processes: nothing is done again.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await erasures()).toEqual(before);

    // The erasure rows chain like the reads: every row's hash from its content and the one before.
    const chain = await system.query<{ id: string; ok: boolean }>(
      `SELECT id, hash = encode(sha256(convert_to(concat_ws('|', prev_hash, actor_id, actor_role, subject, subject_id,
                array_to_string(fields, ','), to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')),
                'UTF8')), 'hex')
              AND prev_hash = coalesce(lag(hash) OVER (ORDER BY id), '') AS ok
         FROM intake.field_reads ORDER BY id`,
    );
    expect(chain.length).toBeGreaterThan(3);
    expect(chain.filter((row) => !row.ok)).toEqual([]);
  });
});
