import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { TEST_NATS_URL, TEST_REDIS_URL, TestSystem, waitFor } from '#libs/testing';

/**
 * The 110 mailbox, the life-safety fast path, complete whistle reports, attachments, encryption at
 * rest and duplicates, over HTTP against every service as its own process.
 */
describe('intake: tips, privacy, attachments, duplicates', () => {
  let system: TestSystem;
  /** What a tipster's browser and proxies would reveal, recognisable anywhere it might end up. */
  const ADDRESS = '203.0.113.197';
  const USER_AGENT = 'CanaryBrowser/9.7 (tipster-ua-5e1d)';
  const CANARY = `canary-${randomUUID().slice(0, 8)}`;
  const revealing = {
    'x-forwarded-for': `${ADDRESS}, 198.51.100.23`,
    'x-real-ip': ADDRESS,
    forwarded: `for=${ADDRESS};proto=https`,
    'user-agent': USER_AGENT,
  };

  beforeAll(async () => {
    system = await TestSystem.start({ serviceEnv: { intake: { TIP_MAX_FAILURES: '3', TIP_LOCKOUT_SECONDS: '60' } } });
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const tip = (body: Record<string, unknown>, headers: Record<string, string> = revealing) =>
    system.api('POST', '/api/tips', { body, headers });
  const followUp = (trackingCode: string, secret: string) =>
    system.api('POST', '/api/tips/follow-up', { body: { trackingCode, secret }, headers: revealing });
  const outboxOf = (type: string) =>
    system.query<{ envelope: { payload: Record<string, unknown> } }>(
      'SELECT envelope FROM intake.outbox WHERE type = $1 ORDER BY created_at',
      [type],
    );
  const tipIdOf = async (trackingCode: string, secret: string) => {
    // The staff queue shows no texts; the newest tip is the one just sent (tests here run in order).
    const queue = await system.api('GET', '/api/tips', { as: 'taskforce.dispatcher' });
    expect(queue.status).toBe(200);
    expect((await followUp(trackingCode, secret)).status).toBe(200);
    return queue.body.items[0].id as string;
  };
  const counts = async () =>
    (
      await system.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM intake.tips) || '/' || (SELECT count(*) FROM intake.messages) || '/' ||
                (SELECT count(*) FROM intake.attachments) || '/' || (SELECT count(*) FROM intake.whistle_reports) || '/' ||
                (SELECT count(*) FROM intake.outbox) AS n`,
      )
    )[0].n;

  let conversation: { trackingCode: string; secret: string; id: string };

  it("carries a tip's whole anonymous conversation", async () => {
    const sent = await tip({
      what: `Older pupils take lunch money behind the gym every Friday ${CANARY}-what`,
      schoolName: `Dongming No. 1 ${CANARY}-school`,
      who: `Two boys of grade 9 ${CANARY}-who`,
      contact: `parent-${CANARY}@example.org`,
      category: 'bullying',
    });
    expect(sent.status).toBe(201);
    expect(Object.keys(sent.body).sort()).toEqual(['secret', 'trackingCode']);
    expect(sent.body.trackingCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(sent.body.secret).toMatch(/^([0-9A-Z]{4}-){3}[0-9A-Z]{4}$/);
    const { trackingCode, secret } = sent.body as { trackingCode: string; secret: string };

    const first = await followUp(trackingCode, secret);
    expect(first.body).toMatchObject({ status: 'received', messages: [] });
    expect(first.body.statusText.zh).toBeTruthy();
    expect(first.body.statusText.en).toBeTruthy();
    // Typed loosely (lower case, spaces instead of hyphens), the code and secret still work.
    expect((await followUp(trackingCode.toLowerCase().replace('-', ' '), secret.toLowerCase())).status).toBe(200);

    const id = await tipIdOf(trackingCode, secret);
    conversation = { trackingCode, secret, id };
    const seen = await system.api('GET', `/api/tips/${id}`, { as: 'taskforce.dispatcher' });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'received', who: expect.stringContaining(CANARY), lifeSafety: false });
    expect(seen.body.reference).toMatch(/^DM-T\d{4}-\d{6}$/);
    expect(seen.body.reference).not.toContain(trackingCode);
    const audited = await system.query('SELECT * FROM intake.field_reads WHERE subject = $1 AND subject_id = $2', [
      'tip',
      id,
    ]);
    expect(audited).toHaveLength(1);

    const asked = await system.api('POST', `/api/tips/${id}/messages`, {
      as: 'taskforce.dispatcher',
      body: { text: 'Which Friday did it last happen?' },
    });
    expect(asked.status).toBe(201);
    const answered = await system.api('POST', '/api/tips/follow-up/messages', {
      headers: revealing,
      body: { trackingCode, secret, text: `Last Friday, at noon ${CANARY}-answer` },
    });
    expect(answered.status).toBe(201);
    const thread = await followUp(trackingCode, secret);
    expect(thread.body.messages.map((m: { from: string; text: string }) => [m.from, m.text])).toEqual([
      ['staff', 'Which Friday did it last happen?'],
      ['you', `Last Friday, at noon ${CANARY}-answer`],
    ]);

    const triaged = await system.api('POST', `/api/tips/${id}/triage`, {
      as: 'taskforce.dispatcher',
      body: { decision: 'open-case', reason: 'credible, repeated' },
    });
    expect(triaged.status).toBe(200);
    expect(triaged.body.status).toBe('escalated');
    expect((await followUp(trackingCode, secret)).body.status).toBe('escalated');
    const escalated = await outboxOf('intake.tip.escalated');
    expect(escalated.map((row) => row.envelope.payload)).toContainEqual(
      expect.objectContaining({ tipId: id, category: 'bullying', severity: 'high', lifeSafety: false }),
    );
    const again = await system.api('POST', `/api/tips/${id}/triage`, {
      as: 'taskforce.dispatcher',
      body: { decision: 'spam', reason: 'second thoughts' },
    });
    expect(again.status).toBe(409);
  });

  it('keeps refused tips, counted by decision, never deleted', async () => {
    const sent = await tip({ what: 'buy cheap watches at example dot com' });
    const id = await tipIdOf(sent.body.trackingCode, sent.body.secret);
    const triaged = await system.api('POST', `/api/tips/${id}/triage`, {
      as: 'taskforce.dispatcher',
      body: { decision: 'spam', reason: 'advertising' },
    });
    expect(triaged.status).toBe(200);
    const spam = await system.api('GET', '/api/tips?status=spam', { as: 'taskforce.dispatcher' });
    expect(spam.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    const told = await followUp(sent.body.trackingCode, sent.body.secret);
    expect(told.body).toMatchObject({ status: 'spam', statusText: { en: 'Checked; no case was opened' } });
    const dup = await system.api('POST', `/api/tips/${conversation.id}/triage`, {
      as: 'taskforce.dispatcher',
      body: { decision: 'duplicate', reason: 'x' },
    });
    expect(dup.status).toBe(400);
  });

  it('answers an unknown code as a wrong secret, and locks a code out after repeated wrong secrets', async () => {
    const sent = await tip({ what: 'the lock test' });
    const { trackingCode, secret } = sent.body as { trackingCode: string; secret: string };
    const unknown = await followUp('ZZZZZ-ZZZZZ', secret);
    const wrong = await followUp(trackingCode, 'AAAA-AAAA-AAAA-AAAA');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    for (let i = 0; i < 2; i += 1) expect((await followUp(trackingCode, 'AAAA-AAAA-AAAA-AAAB')).status).toBe(401);
    // Third wrong secret reached the limit: even the right secret now waits.
    const locked = await followUp(trackingCode, secret);
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/try again in \d+ s/);
    // A code nobody holds locks the same way, so a lockout says nothing about whether a code exists.
    for (let i = 0; i < 3; i += 1) await followUp('YYYYY-YYYYY', secret);
    expect((await followUp('YYYYY-YYYYY', secret)).status).toBe(429);
    // Another code is not affected.
    expect((await followUp(conversation.trackingCode, conversation.secret)).status).toBe(200);
  });

  it('escalates a life-safety tip to a case at once and flags it', async () => {
    const sent = await tip({ what: '我同桌说他不想活了，书包里还带刀' });
    expect(sent.status).toBe(201);
    const told = await followUp(sent.body.trackingCode, sent.body.secret);
    expect(told.body.status).toBe('escalated');
    const id = await tipIdOf(sent.body.trackingCode, sent.body.secret);
    expect((await outboxOf('intake.tip.escalated')).map((row) => row.envelope.payload)).toContainEqual(
      expect.objectContaining({ tipId: id, severity: 'urgent', lifeSafety: true }),
    );
    expect((await outboxOf('intake.life-safety.flagged')).map((row) => row.envelope.payload)).toContainEqual(
      expect.objectContaining({ source: 'tip', sourceId: id }),
    );
  });

  it('lets administrators manage the life-safety terms, and uses them on whistle reports', async () => {
    expect((await system.api('GET', '/api/life-safety-terms', { as: 'taskforce.dispatcher' })).status).toBe(403);
    const terms = await system.api('GET', '/api/life-safety-terms', { as: 'admin' });
    expect(terms.body.terms).toEqual(expect.arrayContaining(['自杀', 'suicide', 'knife']));
    const put = await system.api('PUT', '/api/life-safety-terms', {
      as: 'admin',
      body: { terms: [...terms.body.terms, 'rooftop ledge'] },
    });
    expect(put.status).toBe(200);
    expect(put.body.terms).toContain('rooftop ledge');
    expect((await system.api('PUT', '/api/life-safety-terms', { as: 'admin', body: { terms: [] } })).status).toBe(400);

    const report = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'psychological',
        severity: 'normal',
        title: 'A pupil was seen on the rooftop ledge',
        description: 'Grade 8 pupil, twice this week.',
        location: 'Building B',
      },
    });
    expect(report.status).toBe(201);
    await waitFor('the flag to be written', async () => (await outboxOf('intake.life-safety.flagged')).length >= 2);
    expect((await outboxOf('intake.whistle-report.submitted')).map((row) => row.envelope.payload)).toContainEqual(
      expect.objectContaining({ reportId: report.body.id, lifeSafety: true, severity: 'urgent' }),
    );
    expect((await outboxOf('intake.life-safety.flagged')).map((row) => row.envelope.payload)).toContainEqual(
      expect.objectContaining({ source: 'report', sourceId: report.body.id, reference: report.body.reference }),
    );
  });

  let reportId: string;

  it('takes a complete whistle report and shows the school its timeline and thread', async () => {
    const taxonomy = await system.api('GET', '/api/taxonomy', { as: 'school.reporter' });
    const safety = taxonomy.body.categories.find((c: { code: string }) => c.code === 'public-safety');
    expect(safety.subcategories.map((s: { code: string }) => s.code)).toEqual([
      'surroundings',
      'traffic',
      'fire-electricity-gas',
      'food',
      'buildings',
      'public-order',
    ]);
    const body = {
      category: 'bullying',
      subcategory: 'extortion',
      severity: 'high',
      title: 'Lunch money taken behind the gym',
      description: `Older pupils take lunch money from grade 3 pupils behind the gym ${CANARY}-description`,
      location: { address: 'Behind the gym', lat: 35.29, lng: 115.09 },
      occurredAt: '2026-11-27T04:00:00Z',
      peopleInvolved: [{ name: `Xiao Ming ${CANARY}-person`, role: 'student', grade: '3' }],
    };
    const wrongSub = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { ...body, subcategory: 'food' },
    });
    expect(wrongSub.status).toBe(400);
    expect(wrongSub.body.field).toBe('subcategory');
    const sent = await system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body });
    expect(sent.status).toBe(201);
    reportId = sent.body.id;
    await waitFor('the case to be opened', async () =>
      (await system.query('SELECT 1 FROM intake.case_history WHERE case_id = $1', [reportId])).length > 0
        ? true
        : undefined,
    );
    const posted = await system.api('POST', `/api/whistle-reports/${reportId}/messages`, {
      as: 'taskforce.dispatcher',
      body: { text: 'Is there a camera behind the gym?' },
    });
    expect(posted.status).toBe(201);
    expect(
      (
        await system.api('POST', `/api/whistle-reports/${reportId}/messages`, {
          as: 'school.reporter',
          body: { text: 'No, there is none.' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await system.api('POST', `/api/whistle-reports/${reportId}/messages`, {
          as: 'school2.reporter',
          body: { text: 'not mine' },
        })
      ).status,
    ).toBe(404);
    const seen = await system.api('GET', `/api/whistle-reports/${reportId}`, { as: 'school.reporter' });
    expect(seen.body).toMatchObject({
      subcategory: 'extortion',
      location: 'Behind the gym',
      coordinates: { lat: 35.29, lng: 115.09 },
      occurredAt: '2026-11-27T04:00:00.000Z',
      peopleInvolved: body.peopleInvolved,
      description: body.description,
    });
    expect(seen.body.timeline[0]).toMatchObject({ status: 'REPORTED' });
    expect(seen.body.messages.map((m: { from: string }) => m.from)).toEqual(['staff', 'you']);
    const [stored] = await system.query(
      'SELECT description, people_involved FROM intake.whistle_reports WHERE id = $1',
      [reportId],
    );
    expect(stored.description).toMatch(/^enc:v1:t1:/);
    expect(stored.people_involved).toMatch(/^enc:v1:t1:/);
  });

  it('suggests a similar report of the same school and category as a duplicate, until dismissed', async () => {
    const similar = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'bullying',
        severity: 'normal',
        title: 'Lunch money taken from grade 3 pupils',
        description: 'Older pupils behind the gym take lunch money from grade 3 pupils',
        location: 'Gym',
      },
    });
    expect(similar.status).toBe(201);
    const other = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'bullying',
        severity: 'normal',
        title: 'Name-calling in the chat group',
        description: 'A class chat group insults one girl every evening',
        location: 'Online',
      },
    });
    const found = await system.api('GET', `/api/cases/${reportId}/duplicates`, { as: 'taskforce.dispatcher' });
    expect(found.status).toBe(200);
    const ids = found.body.map((d: { caseId: string }) => d.caseId);
    expect(ids).toContain(similar.body.id);
    expect(ids).not.toContain(other.body.id);
    const match = found.body.find((d: { caseId: string }) => d.caseId === similar.body.id);
    expect(match.score).toBeGreaterThan(0.3);
    expect(match.reasons).toEqual(expect.arrayContaining(['same school', 'same category']));
    expect((await system.api('GET', `/api/cases/${reportId}/duplicates`, { as: 'school.reporter' })).status).toBe(403);
    const dismissed = await system.api('POST', `/api/cases/${reportId}/duplicates/${similar.body.id}/dismiss`, {
      as: 'taskforce.dispatcher',
    });
    expect(dismissed.status).toBe(200);
    const after = await system.api('GET', `/api/cases/${similar.body.id}/duplicates`, { as: 'taskforce.dispatcher' });
    expect(after.body.map((d: { caseId: string }) => d.caseId)).not.toContain(reportId);
  });

  /** A JPEG with GPS and camera data in its EXIF. */
  const jpegWithGps = () =>
    sharp({ create: { width: 32, height: 24, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'CanaryCam', Model: `${CANARY}-camera`, Artist: `${CANARY}-author` },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '35/1 17/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '115/1 5/1 0/1',
        },
      })
      .toBuffer();

  const upload = (
    content: Buffer,
    name: string,
    type: string,
    options: { as?: string; fields?: Record<string, string> },
  ) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(options.fields ?? {})) form.append(key, value);
    form.append('file', new Blob([new Uint8Array(content)], { type }), name);
    return fetchJson('POST', '/api/attachments', form, options.as);
  };
  const fetchJson = async (method: string, path: string, body: FormData | undefined, as?: string) => {
    const headers: Record<string, string> = { ...revealing };
    if (as) headers.authorization = `Bearer ${await system.tokenFor(as)}`;
    const response = await fetch(system.url(path), { method, body, headers });
    const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
    const parsed: any = isJson ? await response.json() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body: parsed };
  };

  it('strips EXIF and GPS from an uploaded JPEG and serves it only to those who may see it', async () => {
    const original = await jpegWithGps();
    const before = await sharp(original).metadata();
    expect(before.exif).toBeDefined();
    expect(original.toString('latin1')).toContain(`${CANARY}-camera`);

    const sent = await upload(original, 'photo.jpg', 'image/jpeg', { as: 'school.reporter' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ contentType: 'image/jpeg', size: expect.any(Number) });
    expect(sent.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const report = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'public-safety',
        subcategory: 'buildings',
        severity: 'normal',
        title: 'Cracked wall',
        description: 'A crack in the wall of building C',
        location: 'Building C',
        attachmentIds: [sent.body.id],
      },
    });
    expect(report.status).toBe(201);
    // The same file cannot be attached twice.
    const twice = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'public-safety',
        severity: 'normal',
        title: 'Again',
        description: 'Again',
        location: 'Building C',
        attachmentIds: [sent.body.id],
      },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.field).toBe('attachmentIds');

    const download = await fetch(system.url(`/api/attachments/${sent.body.id}`), {
      headers: { authorization: `Bearer ${await system.tokenFor('taskforce.dispatcher')}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await download.arrayBuffer());
    const after = await sharp(bytes).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(bytes.toString('latin1')).not.toContain(CANARY);
    expect(bytes.toString('latin1')).not.toContain('CanaryCam');

    const otherSchool = await fetchJson('GET', `/api/attachments/${sent.body.id}`, undefined, 'school2.reporter');
    expect(otherSchool.status).toBe(404);
    const department = await fetchJson('GET', `/api/attachments/${sent.body.id}`, undefined, 'police.handler');
    expect(department.status).toBe(404);
    expect((await fetchJson('GET', `/api/attachments/${sent.body.id}`, undefined)).status).toBe(401);
  });

  it('refuses HTML named .jpg, files without a sign-in, and wrong tipster secrets', async () => {
    const before = await counts();
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const refused = await upload(html, 'photo.jpg', 'image/jpeg', { as: 'school.reporter' });
    expect(refused.status).toBe(415);
    expect(refused.body.field).toBe('file');
    const anonymous = await upload(await jpegWithGps(), 'photo.jpg', 'image/jpeg', {});
    expect(anonymous.status).toBe(401);
    const wrong = await upload(await jpegWithGps(), 'photo.jpg', 'image/jpeg', {
      fields: { trackingCode: conversation.trackingCode, secret: 'AAAA-AAAA-AAAA-AAAA' },
    });
    expect(wrong.status).toBe(401);
    expect(await counts()).toBe(before);
    const folder = join(system.logDir, 'attachments');
    expect(readdirSync(folder).filter((name) => name.startsWith('upload-'))).toEqual([]);
  });

  it("lets a tipster add a photo to their tip's thread", async () => {
    const sent = await upload(await jpegWithGps(), 'photo.jpg', 'image/jpeg', {
      fields: { trackingCode: conversation.trackingCode, secret: conversation.secret },
    });
    expect(sent.status).toBe(201);
    const message = await system.api('POST', '/api/tips/follow-up/messages', {
      headers: revealing,
      body: { ...conversation, id: undefined, text: 'a photo of the place', attachmentIds: [sent.body.id] },
    });
    expect(message.status).toBe(201);
    const seen = await fetchJson('GET', `/api/attachments/${sent.body.id}`, undefined, 'taskforce.dispatcher');
    expect(seen.status).toBe(200);
    expect((await fetchJson('GET', `/api/attachments/${sent.body.id}`, undefined, 'school.reporter')).status).toBe(404);
  });

  it('answers bad input of every kind with a 4xx naming the problem, storing nothing', async () => {
    const before = await counts();
    const cases: Array<[string, string, unknown, string | undefined, number]> = [
      ['POST', '/api/tips', {}, 'what', 400],
      ['POST', '/api/tips', { what: '' }, 'what', 400],
      ['POST', '/api/tips', { what: 'x'.repeat(10_001) }, 'what', 400],
      ['POST', '/api/tips', { what: 'x', ip: ADDRESS }, undefined, 400],
      ['POST', '/api/tips', { what: 'x', schoolId: 'not-a-uuid' }, 'schoolId', 400],
      ['POST', '/api/tips', { what: 'x', category: 'gossip' }, 'category', 400],
      ['POST', '/api/tips', { what: 'nul\u0000byte' }, 'what', 400],
      ['POST', '/api/tips/follow-up', { trackingCode: 'x' }, 'secret', 400],
      ['POST', '/api/tips/follow-up/messages', { trackingCode: 'x', secret: 'y' }, 'text', 400],
    ];
    for (const [method, path, body, field, status] of cases) {
      const response = await system.api(method, path, { body, headers: revealing });
      expect([path, response.status]).toEqual([path, status]);
      if (field) expect([path, response.body.field]).toEqual([path, field]);
    }
    const staff: Array<[string, string, unknown, number]> = [
      ['GET', '/api/tips/not-a-uuid', undefined, 400],
      ['GET', `/api/tips/${randomUUID()}`, undefined, 404],
      ['GET', '/api/tips?status=lost', undefined, 400],
      ['GET', '/api/tips?cursor=zzz', undefined, 400],
      ['POST', `/api/tips/${conversation.id}/messages`, { text: '' }, 400],
      ['POST', `/api/tips/${randomUUID()}/messages`, { text: 'hello' }, 404],
      ['POST', `/api/tips/${conversation.id}/triage`, { decision: 'delete', reason: 'x' }, 400],
      ['POST', `/api/tips/${conversation.id}/triage`, { decision: 'spam' }, 400],
      ['POST', `/api/tips/${randomUUID()}/triage`, { decision: 'spam', reason: 'x' }, 404],
      ['GET', '/api/cases/nope/duplicates', undefined, 400],
      ['GET', `/api/cases/${randomUUID()}/duplicates`, undefined, 404],
      ['POST', `/api/whistle-reports/${reportId}/messages`, { text: 'x', attachmentIds: [randomUUID()] }, 400],
      ['GET', `/api/attachments/${randomUUID()}`, undefined, 404],
      ['GET', '/api/attachments/not-a-uuid', undefined, 400],
    ];
    for (const [method, path, body, status] of staff) {
      const response = await system.api(method, path, { as: 'taskforce.dispatcher', body });
      expect([method, path, response.status]).toEqual([method, path, status]);
    }
    expect((await system.api('GET', '/api/tips', {})).status).toBe(401);
    expect((await system.api('GET', '/api/tips', { as: 'school.reporter' })).status).toBe(403);
    const malformed = await system.api('POST', '/api/tips', { rawBody: '{"what": ', headers: revealing });
    expect(malformed.status).toBe(400);
    const notMultipart = await system.api('POST', '/api/attachments', { as: 'school.reporter', body: { file: 'x' } });
    expect(notMultipart.status).toBe(400);
    expect(await counts()).toBe(before);
  });

  it('keeps the read audit append-only', async () => {
    const [row] = await system.query<{ id: string; hash: string; prev_hash: string }>(
      'SELECT id, hash, prev_hash FROM intake.field_reads ORDER BY id DESC LIMIT 1',
    );
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(system.query('UPDATE intake.field_reads SET actor_role = $1', ['x'])).rejects.toThrow(/append-only/);
    await expect(system.query('DELETE FROM intake.field_reads')).rejects.toThrow(/append-only/);
  });

  it('leaves no canary text in a dump of the database', async () => {
    const dump = execFileSync('pg_dump', ['--data-only', '--schema=intake', system.isolation.databaseUrl], {
      maxBuffer: 256 * 1024 * 1024,
    }).toString('utf8');
    expect(dump).toContain('enc:v1:t1:');
    expect(dump).not.toContain(CANARY);
    const rows = await system.query<{ text: string }>(
      `SELECT string_agg(t::text, E'\\n') AS text FROM (
         SELECT row_to_json(x)::text AS t FROM intake.tips x UNION ALL
         SELECT row_to_json(x)::text FROM intake.messages x UNION ALL
         SELECT row_to_json(x)::text FROM intake.whistle_reports x) t`,
    );
    expect(rows[0].text).not.toContain(CANARY);
  });

  it('re-encrypts every protected field under a new key with `npm run keys -- rotate`', async () => {
    const oldRing = (system as unknown as { env: Record<string, string> }).env.INTAKE_KEYS;
    const newKey = execFileSync(process.execPath, ['dist/scripts/keys.js', 'generate']).toString().trim();
    expect(newKey).toMatch(/^k\d{8}:[A-Za-z0-9+/]{43}=$/);
    const ring = `${oldRing},${newKey.replace(/^k\d{8}/, 't2')}`;
    const output = execFileSync(process.execPath, ['dist/scripts/keys.js', 'rotate'], {
      env: { ...process.env, DATABASE_URL: system.isolation.databaseUrl, INTAKE_KEYS: ring },
    }).toString();
    expect(output).toMatch(/intake\.tips: \d+ row\(s\) re-encrypted under key "t2"/);
    const stale = await system.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT what AS v FROM intake.tips UNION ALL SELECT contact FROM intake.tips
         UNION ALL SELECT body FROM intake.messages UNION ALL SELECT description FROM intake.whistle_reports) x
        WHERE v IS NOT NULL AND v NOT LIKE 'enc:v1:t2:%'`,
    );
    expect(stale[0].n).toBe(0);
    // Intake restarted with the new ring reads what was rotated.
    await system.stopService('intake');
    await system.startService('intake', { INTAKE_KEYS: ring, TIP_MAX_FAILURES: '3', TIP_LOCKOUT_SECONDS: '60' });
    const seen = await system.api('GET', `/api/tips/${conversation.id}`, { as: 'taskforce.dispatcher' });
    expect(seen.status).toBe(200);
    expect(seen.body.what).toContain(`${CANARY}-what`);
    expect((await followUp(conversation.trackingCode, conversation.secret)).body.messages.length).toBeGreaterThan(1);
  });

  it('stores and logs no address or user agent anywhere after tips', async () => {
    const needles = [ADDRESS, '198.51.100.23', USER_AGENT, 'tipster-ua-5e1d'];
    const found = (where: string, text: string) =>
      needles.filter((needle) => text.includes(needle)).map((needle) => `${where}: ${needle}`);
    const hits: string[] = [];

    // Every column of every table of every schema of the run's database, as text.
    const tables = await system.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(10);
    for (const { schema, name } of tables) {
      const [row] = await system.query<{ text: string | null }>(
        `SELECT string_agg(t::text, ' ') AS text FROM "${schema}"."${name}" t`,
      );
      hits.push(...found(`${schema}.${name}`, row.text ?? ''));
    }

    // Every service's log.
    for (const file of readdirSync(system.logDir).filter((name) => name.endsWith('.log'))) {
      hits.push(...found(file, readFileSync(join(system.logDir, file), 'utf8')));
    }

    // Every message in the run's NATS streams.
    const nats = await connect({ servers: TEST_NATS_URL });
    try {
      const jsm = await jetstreamManager(nats);
      let messages = 0;
      for await (const stream of jsm.streams.list()) {
        if (!stream.config.name.startsWith(system.isolation.natsNamespace.toUpperCase())) continue;
        for (let seq = stream.state.first_seq; seq <= stream.state.last_seq && stream.state.messages > 0; seq += 1) {
          const message = await jsm.streams.getMessage(stream.config.name, { seq }).catch(() => undefined);
          if (!message) continue;
          messages += 1;
          hits.push(
            ...found(
              `stream ${stream.config.name}`,
              `${message.string()} ${JSON.stringify([...(message.header?.keys() ?? [])].map((k) => message.header?.get(k)))}`,
            ),
          );
        }
      }
      expect(messages).toBeGreaterThan(0);
    } finally {
      await nats.close();
    }

    // Every Redis key of the run, and its value.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      let keys = 0;
      for await (const batch of redis.scanStream({ match: `${system.isolation.redisPrefix}:*`, count: 500 })) {
        for (const key of batch as string[]) {
          keys += 1;
          const type = await redis.type(key);
          const value =
            type === 'string'
              ? await redis.get(key)
              : type === 'hash'
                ? JSON.stringify(await redis.hgetall(key))
                : type === 'list'
                  ? JSON.stringify(await redis.lrange(key, 0, -1))
                  : type === 'set'
                    ? JSON.stringify(await redis.smembers(key))
                    : type === 'zset'
                      ? JSON.stringify(await redis.zrange(key, 0, -1))
                      : '';
          hits.push(...found(`redis ${key}`, `${key} ${value ?? ''}`));
        }
      }
      expect(keys).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }

    // The attachment folder's names (the files themselves are checked to have lost their metadata).
    hits.push(...found('attachments', readdirSync(join(system.logDir, 'attachments')).join(' ')));
    expect(hits).toEqual([]);
  });
});
