import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { eventSubject } from '#libs/contracts';
import { sleep, TEST_NATS_URL, testEvent, TestSystem, waitFor } from '#libs/testing';

/**
 * Every channel against a real local server inside the test: an SMTP server, an SMS gateway that
 * answers, fails or hangs, and DingTalk-, WeCom- and generic-style robots that check signatures.
 * Events come from the real flows where they exist (assignment, a missed acknowledgement) and are
 * published on the bus for kinds whose producers are elsewhere.
 */
const SMS_SECRET = 'sms-gateway-secret-for-tests';
const DINGTALK_SECRET = 'SEC-dingtalk-secret-for-tests';
const GENERIC_SECRET = 'generic-webhook-secret';
const WECOM_KEY = 'wecom-key-0001';
const PHONE_OK = '+8613800000001';
const PHONE_FAILING = '+8613800000500';
const PHONE_SLOW = '+8613800000999';

interface Mail {
  to: string[];
  subject: string;
  deliveryId: string;
  messageId: string;
}
interface Sms {
  key: string;
  to: string;
  text: string;
}
interface Robot {
  kind: 'dingtalk' | 'wecom' | 'generic';
  content: string;
  key?: string;
}
type Delivery = { channel: string; status: string; attempts: number; lastError?: string; at: string };

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
  });

const signatureOf = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

async function listen(server: Server | SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => (server as Server).listen(0, '127.0.0.1', () => resolve()));
  const address = (server as unknown as { server?: Server }).server?.address() ?? (server as Server).address();
  return (address as AddressInfo).port;
}

describe('notify channels', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let psb: string;
  let school1: string;
  let school2: string;

  const mails: Mail[] = [];
  const smsRequests: Array<Sms & { signed: boolean }> = [];
  const smsSent = new Map<string, Sms>();
  const robots: Robot[] = [];
  const badSignatures: string[] = [];

  const smtp = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('busy@')) {
        return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
      }
      if (address.address.startsWith('nobody@')) {
        return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
        mails.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: header('Subject'),
          deliveryId: header('X-CW-Delivery'),
          messageId: header('Message-ID'),
        });
        callback();
      });
    },
  });

  /** The SMS gateway: checks the signature, drops a repeat of an idempotency key, fails or hangs by number. */
  const smsGateway = createServer((request, response) => {
    void readBody(request).then(async (body) => {
      const timestamp = String(request.headers['x-cw-timestamp']);
      const signed = request.headers['x-cw-signature'] === signatureOf(SMS_SECRET, timestamp, body);
      const key = String(request.headers['idempotency-key']);
      const message = JSON.parse(body) as { to: string; text: string };
      smsRequests.push({ key, to: message.to, text: message.text, signed });
      if (!signed) {
        badSignatures.push('sms');
        response.writeHead(401).end();
        return;
      }
      if (message.to === PHONE_FAILING) return response.writeHead(500).end('{"error":"upstream"}');
      if (message.to === PHONE_SLOW) await sleep(3000);
      if (!smsSent.has(key)) smsSent.set(key, { key, to: message.to, text: message.text });
      if (!response.destroyed) response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });

  /** Work-chat robots: DingTalk (signed query), WeCom (key in the URL), generic (signed body). */
  const robotServer = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = new URL(request.url ?? '/', 'http://robot');
      const answer = (valid: boolean, kind: Robot['kind'], content: string, key?: string) => {
        if (!valid) {
          badSignatures.push(kind);
          return response.writeHead(200).end('{"errcode":310000,"errmsg":"sign not match"}');
        }
        robots.push({ kind, content, key });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      };
      if (url.pathname === '/dingtalk') {
        const timestamp = url.searchParams.get('timestamp') ?? '';
        const expected = createHmac('sha256', DINGTALK_SECRET)
          .update(`${timestamp}\n${DINGTALK_SECRET}`)
          .digest('base64');
        const fresh = Math.abs(Date.now() - Number(timestamp)) < 60 * 60 * 1000;
        const content = (JSON.parse(body) as { text: { content: string } }).text.content;
        return answer(url.searchParams.get('sign') === expected && fresh, 'dingtalk', content);
      }
      if (url.pathname === '/wecom/send') {
        const content = (JSON.parse(body) as { text: { content: string } }).text.content;
        return answer(url.searchParams.get('key') === WECOM_KEY, 'wecom', content);
      }
      const timestamp = String(request.headers['x-cw-timestamp']);
      const valid = request.headers['x-cw-signature'] === signatureOf(GENERIC_SECRET, timestamp, body);
      const message = JSON.parse(body) as { title: string };
      answer(valid, 'generic', message.title, String(request.headers['idempotency-key']));
    });
  });

  beforeAll(async () => {
    const [smtpPort, smsPort, robotPort] = [await listen(smtp), await listen(smsGateway), await listen(robotServer)];
    notifyEnv = {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'Campus Whistle <no-reply@test.local>',
      SMS_GATEWAY_URL: `http://127.0.0.1:${smsPort}/sms`,
      SMS_GATEWAY_SECRET: SMS_SECRET,
      DELIVERY_TIMEOUT_MS: '1000',
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '200',
      DELIVERY_BACKOFF_MAX_MS: '1000',
      DELIVERY_RECONCILE_INTERVAL_MS: '1000',
      REALERT_AFTER: 'PT3S',
    };
    system = await TestSystem.start({ serviceEnv: { notify: notifyEnv } });
    robotBase = `http://127.0.0.1:${robotPort}`;
    nats = await connect({ servers: TEST_NATS_URL });
    const units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items as Array<{
      id: string;
      code: string;
    }>;
    psb = units.find((unit) => unit.code === 'DM-PSB')!.id;
    const schools = (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items as Array<{
      id: string;
      code: string;
    }>;
    school1 = schools.find((school) => school.code === 'DM-S001')!.id;
    school2 = schools.find((school) => school.code === 'DM-S002')!.id;
  });
  let robotBase: string;
  let notifyEnv: Record<string, string>;

  afterAll(async () => {
    await nats?.close();
    await system?.stop();
    smsGateway.closeAllConnections();
    robotServer.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => smtp.close(() => resolve(undefined))),
      new Promise((resolve) => smsGateway.close(resolve)),
      new Promise((resolve) => robotServer.close(resolve)),
    ]);
  });

  let referenceCount = 0;
  const newReference = () => `DM-2026-9${String(++referenceCount).padStart(5, '0')}`;

  const publish = async (type: string, payload: Record<string, unknown>, version = 1) => {
    const event = testEvent(type, payload, version);
    await jetstream(nats).publish(eventSubject(system.isolation.natsNamespace, type), JSON.stringify(event), {
      msgID: event.id,
    });
    return event;
  };

  const setPreferences = async (user: string, preferences: Record<string, unknown>) => {
    const response = await system.api('PUT', '/api/me/preferences', {
      as: user,
      body: { language: 'en', channels: {}, quietHours: null, ...preferences },
    });
    expect(response.status).toBe(200);
    return response.body;
  };

  /** The user's notification whose title names the reference, once it is in their inbox. */
  const notificationFor = (user: string, reference: string, kind?: string) =>
    waitFor(`${user}'s notification about ${reference}`, async () => {
      const inbox = await system.api('GET', `/api/inbox${kind ? `?kind=${kind}` : ''}`, { as: user });
      return (inbox.body.items as Array<{ id: string; title: string; kind: string }>).find((n) =>
        n.title.includes(reference),
      );
    });

  const deliveries = async (user: string, notificationId: string) => {
    const response = await system.api('GET', `/api/notifications/${notificationId}/deliveries`, { as: user });
    expect(response.status).toBe(200);
    return response.body as Delivery[];
  };

  const deliveryOn = (user: string, notificationId: string, channel: string, statuses: string[]) =>
    waitFor(
      `${user}'s ${channel} delivery to be ${statuses.join(' or ')}`,
      async () => {
        const found = (await deliveries(user, notificationId)).find((d) => d.channel === channel);
        return found && statuses.includes(found.status) ? found : undefined;
      },
      { timeoutMs: 30_000 },
    );

  describe('preferences, robots and bad input', () => {
    it('answers defaults by role and keeps what a user sets', async () => {
      const defaults = await system.api('GET', '/api/me/preferences', { as: 'police.head' });
      expect(defaults.status).toBe(200);
      expect(defaults.body).toMatchObject({
        language: 'zh-CN',
        email: null,
        phone: null,
        quietHours: { from: '22:00', to: '07:00' },
      });
      expect(defaults.body.channels['task-assigned']).toEqual(['inbox', 'email', 'webhook']);
      const supervisor = await system.api('GET', '/api/me/preferences', { as: 'supervisor' });
      expect(supervisor.body.quietHours).toBeNull();

      const set = await setPreferences('bureau.reviewer', {
        language: 'en',
        email: 'reviewer@edu.test',
        channels: { 'case-update': ['email'] },
        quietHours: { from: '23:00', to: '06:30' },
      });
      expect(set).toMatchObject({
        language: 'en',
        email: 'reviewer@edu.test',
        quietHours: { from: '23:00', to: '06:30' },
      });
      expect(set.channels['case-update']).toEqual(['inbox', 'email']);
      const again = await system.api('GET', '/api/me/preferences', { as: 'bureau.reviewer' });
      expect(again.body).toEqual(set);
    });

    it.each([
      ['an unknown language', { language: 'fr' }, 'language'],
      ['an unknown kind', { channels: { gossip: ['email'] } }, 'channels'],
      ['an unknown channel', { channels: { reminder: ['fax'] } }, 'channels'],
      ['a repeated channel', { channels: { reminder: ['email', 'email'] } }, 'channels'],
      ['a bad email', { email: 'not-an-address' }, 'email'],
      ['a bad phone', { phone: '12ab' }, 'phone'],
      ['a bad time', { quietHours: { from: '25:00', to: '07:00' } }, 'quietHours'],
      ['an empty window', { quietHours: { from: '07:00', to: '07:00' } }, 'quietHours'],
      ['an unknown field', { pager: '123' }, 'pager'],
    ])('refuses preferences with %s (400 naming the field)', async (_, change, field) => {
      const response = await system.api('PUT', '/api/me/preferences', {
        as: 'inspector',
        body: { language: 'en', channels: {}, quietHours: null, ...change },
      });
      expect(response.status).toBe(400);
      // A bad value names its field; an unknown key is named in the message.
      expect(`${response.body.field} ${response.body.message}`).toContain(field);
      const kept = await system.api('GET', '/api/me/preferences', { as: 'inspector' });
      expect(kept.body.language).toBe('zh-CN');
    });

    it('lets only administrators set a unit robot, for a department, with a sound URL', async () => {
      const body = { kind: 'generic', url: `${robotBase}/generic`, secret: GENERIC_SECRET };
      expect((await system.api('PUT', `/api/units/${psb}/webhook`, { as: 'police.head', body })).status).toBe(403);
      expect((await system.api('PUT', `/api/units/${psb}/webhook`, { body })).status).toBe(401);
      expect((await system.api('PUT', `/api/units/${randomUUID()}/webhook`, { as: 'admin', body })).status).toBe(404);
      const school = await system.api('PUT', `/api/units/${school1}/webhook`, { as: 'admin', body });
      expect(school).toMatchObject({ status: 400, body: { field: 'unitId' } });
      for (const [bad, field] of [
        [{ ...body, kind: 'slack' }, 'kind'],
        [{ ...body, url: 'ftp://robot.test/x' }, 'url'],
        [{ kind: 'wecom', url: `${robotBase}/wecom/send` }, 'url'],
        [{ ...body, extra: 1 }, 'extra'],
      ] as const) {
        const response = await system.api('PUT', `/api/units/${psb}/webhook`, { as: 'admin', body: bad });
        expect(response.status).toBe(400);
        expect(`${response.body.field} ${response.body.message}`).toContain(field);
      }
      expect((await system.api('PUT', '/api/units/not-a-uuid/webhook', { as: 'admin', body })).status).toBe(400);
      const set = await system.api('PUT', `/api/units/${psb}/webhook`, { as: 'admin', body });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ unitId: psb, kind: 'generic', secretSet: true });
      expect(JSON.stringify(set.body)).not.toContain(GENERIC_SECRET);
    });

    it('refuses bad inbox filters and strangers to deliveries', async () => {
      expect((await system.api('GET', '/api/inbox?unread=maybe', { as: 'supervisor' })).body.field).toBe('unread');
      expect((await system.api('GET', '/api/inbox?kind=gossip', { as: 'supervisor' })).body.field).toBe('kind');
      expect((await system.api('GET', '/api/notifications/nope/deliveries', { as: 'supervisor' })).status).toBe(400);
      expect((await system.api('GET', `/api/notifications/${randomUUID()}/deliveries`, { as: 'admin' })).status).toBe(
        404,
      );
      expect((await system.api('GET', '/api/inbox/unread-count')).status).toBe(401);
      expect((await system.api('GET', '/api/me/preferences')).status).toBe(401);
    });
  });

  it('emails an assignment and its missed acknowledgement, and posts it once to the unit group (real flow)', async () => {
    await setPreferences('police.handler', { email: 'handler@psb.test', channels: {} });
    await setPreferences('supervisor', { email: 'supervisor@county.test', channels: { 'ack-overdue': ['email'] } });
    const sla = await system.api('PUT', '/api/sla-policies/urgent', {
      as: 'admin',
      body: { ackWithin: 'PT3S', rectifyWithin: 'P1D' },
    });
    expect(sla.status).toBe(200);

    const report = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { category: 'public-safety', severity: 'urgent', title: 'Fence', description: 'River', location: 'North' },
    });
    expect(report.status).toBe(201);
    const { id: caseId, reference } = report.body as { id: string; reference: string };
    await waitFor('the case in dispatch', async () => {
      const response = await system.api('POST', `/api/cases/${caseId}/assign`, {
        as: 'taskforce.dispatcher',
        body: { leadUnitId: psb, assistingUnitIds: [], severity: 'urgent' },
      });
      return response.status === 200;
    });

    const assigned = await notificationFor('police.handler', reference, 'task-assigned');
    expect(assigned.title).toBe(`New lead task for case ${reference}: please acknowledge`);
    const mail = await waitFor('the assignment email', () =>
      mails.find((m) => m.to.includes('handler@psb.test') && m.subject.includes(reference)),
    );
    expect(mail.subject).toBe(`New lead task for case ${reference}: please acknowledge`);
    expect(await deliveryOn('police.handler', assigned.id, 'email', ['sent'])).toMatchObject({ attempts: 1 });
    // The head reads Chinese by default and gave no address: the inbox only, in Chinese.
    const headCopy = await notificationFor('police.head', reference, 'task-assigned');
    expect(headCopy.title).toContain('请签收');

    // The unit's group gets the event once, though both its members chose the group.
    await deliveryOn('police.handler', assigned.id, 'webhook', ['sent']);
    await sleep(500);
    // Only the assignment's post counts: on a slow machine the 3 s window's reminder may already be there too.
    const posted = robots.filter((robot) => robot.kind === 'generic' && robot.content === headCopy.title);
    expect(posted).toHaveLength(1);

    // The missed acknowledgement (3 s urgent window) reaches the supervisor by email, once.
    const overdue = await notificationFor('supervisor', reference, 'ack-overdue');
    await deliveryOn('supervisor', overdue.id, 'email', ['sent']);
    expect(mails.filter((m) => m.to.includes('supervisor@county.test') && m.subject.includes(reference))).toHaveLength(
      1,
    );

    // Delivery status: the recipient and administrators see it, no one else; reading it shows in the inbox channel.
    expect(
      (await system.api('GET', `/api/notifications/${assigned.id}/deliveries`, { as: 'police.head' })).status,
    ).toBe(404);
    const asAdmin = await deliveries('admin', assigned.id);
    expect(asAdmin.map((d) => d.channel).sort()).toEqual(['email', 'inbox', 'webhook']);
    expect((await system.api('POST', `/api/inbox/${assigned.id}/read`, { as: 'police.handler' })).status).toBe(200);
    expect((await deliveries('police.handler', assigned.id)).find((d) => d.channel === 'inbox')?.status).toBe('read');
  });

  it('counts unread notifications, filters them and marks them all read', async () => {
    const before = (await system.api('GET', '/api/inbox/unread-count', { as: 'police.handler' })).body.count as number;
    const secondReference = newReference();
    await publish('dispatch.task.reminder-due', {
      taskId: randomUUID(),
      caseId: randomUUID(),
      reference: secondReference,
      unitId: psb,
      deadline: 'ack',
      fraction: 0.8,
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const reminder = await notificationFor('police.handler', secondReference, 'reminder');
    expect(reminder.kind).toBe('reminder');
    const count = (await system.api('GET', '/api/inbox/unread-count', { as: 'police.handler' })).body.count as number;
    expect(count).toBe(before + 1);
    const unread = await system.api('GET', '/api/inbox?unread=true', { as: 'police.handler' });
    expect((unread.body.items as Array<{ readAt: unknown }>).every((n) => n.readAt === null)).toBe(true);
    const onlyReminders = await system.api('GET', '/api/inbox?kind=reminder', { as: 'police.handler' });
    expect((onlyReminders.body.items as Array<{ kind: string }>).every((n) => n.kind === 'reminder')).toBe(true);

    const readAll = await system.api('POST', '/api/inbox/read-all', { as: 'police.handler' });
    expect(readAll.status).toBe(200);
    expect(readAll.body.marked).toBe(count);
    expect((await system.api('GET', '/api/inbox/unread-count', { as: 'police.handler' })).body).toEqual({ count: 0 });
    expect((await system.api('GET', '/api/inbox?unread=true', { as: 'police.handler' })).body.items).toEqual([]);
  });

  it("tells a school its case opened forwarded, from the opening alone (v2), beside a supervision case's alert", async () => {
    const opening = (reference: string, fields: Record<string, unknown>, version = 2) =>
      publish(
        'dispatch.case.opened',
        {
          caseId: randomUUID(),
          reference,
          source: 'report',
          sourceId: randomUUID(),
          schoolId: school1,
          category: 'bullying',
          severity: 'normal',
          lifeSafety: false,
          openedAt: new Date().toISOString(),
          ...fields,
        },
        version,
      );
    // Quiet: a report's case opening REPORTED, and a v1 opening (its change came as a status change then).
    const reported = newReference();
    await opening(reported, { status: 'REPORTED' });
    const oldStyle = newReference();
    await opening(oldStyle, { source: 'inspection', sourceId: 'inspection#1' }, 1);
    // A downgraded school's supervision case opens forwarded: the supervisors' alert and the school's update.
    const supervision = newReference();
    await opening(supervision, { source: 'supervision', sourceId: `${school1}@2026-Q3`, status: 'FORWARDED' });
    const update = await notificationFor('school.reporter', supervision, 'case-update');
    expect(update.kind).toBe('case-update');
    await notificationFor('supervisor', supervision, 'supervision');
    // The earlier openings were handled before it, on the same consumer, and told the school nothing.
    const inbox = await system.api('GET', '/api/inbox?kind=case-update', { as: 'school.reporter' });
    const titles = (inbox.body.items as Array<{ title: string }>).map((n) => n.title);
    expect(titles.filter((title) => title.includes(supervision))).toHaveLength(1);
    expect(titles.some((title) => title.includes(reported) || title.includes(oldStyle))).toBe(false);
    expect((await system.api('POST', '/api/inbox/read-all', { as: 'supervisor' })).status).toBe(200);
  });

  it('signs DingTalk robots in the query and reaches WeCom robots by the key in their URL', async () => {
    await setPreferences('police.handler', { channels: { 'extension-decided': ['webhook'] } });
    const dingtalk = await system.api('PUT', `/api/units/${psb}/webhook`, {
      as: 'admin',
      body: { kind: 'dingtalk', url: `${robotBase}/dingtalk?access_token=tok`, secret: DINGTALK_SECRET },
    });
    expect(dingtalk.status).toBe(200);
    const first = newReference();
    await publish('dispatch.extension.decided', {
      extensionId: randomUUID(),
      taskId: randomUUID(),
      caseId: randomUUID(),
      reference: first,
      unitId: psb,
      approved: true,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const viaDingTalk = await waitFor('the DingTalk post', () =>
      robots.find((robot) => robot.kind === 'dingtalk' && robot.content.includes(first)),
    );
    // A group reads the county's language.
    expect(viaDingTalk.content).toContain('已批准');

    const wecom = await system.api('PUT', `/api/units/${psb}/webhook`, {
      as: 'admin',
      body: { kind: 'wecom', url: `${robotBase}/wecom/send?key=${WECOM_KEY}` },
    });
    expect(wecom.status).toBe(200);
    const second = newReference();
    await publish('dispatch.extension.decided', {
      extensionId: randomUUID(),
      taskId: randomUUID(),
      caseId: randomUUID(),
      reference: second,
      unitId: psb,
      approved: false,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await waitFor('the WeCom post', () =>
      robots.find((robot) => robot.kind === 'wecom' && robot.content.includes(second)),
    );
    expect(badSignatures).toEqual([]);
    const notification = await notificationFor('police.handler', second, 'extension-decided');
    expect(await deliveryOn('police.handler', notification.id, 'webhook', ['sent'])).toMatchObject({ attempts: 1 });
  });

  it('sends a signed SMS once, and retries a failing and a slow gateway before reporting them failed', async () => {
    await setPreferences('supervisor', { phone: PHONE_OK, channels: { 'life-safety': ['sms'] } });
    await setPreferences('taskforce.dispatcher', { phone: PHONE_FAILING, channels: { 'life-safety': ['sms'] } });
    const reference = newReference();
    await publish('intake.life-safety.flagged', {
      source: 'report',
      sourceId: randomUUID(),
      reference,
      flaggedAt: new Date().toISOString(),
    });
    const alert = await notificationFor('supervisor', reference, 'life-safety');
    expect(alert.title).toBe(`URGENT: life-safety alert on ${reference}`);
    await deliveryOn('supervisor', alert.id, 'sms', ['sent']);
    const sent = [...smsSent.values()].filter((sms) => sms.text.includes(reference));
    expect(sent).toEqual([expect.objectContaining({ to: PHONE_OK })]);
    expect(smsRequests.filter((sms) => sms.text.includes(reference)).every((sms) => sms.signed)).toBe(true);

    const dispatcherAlert = await notificationFor('taskforce.dispatcher', reference, 'life-safety');
    const failed = await deliveryOn('taskforce.dispatcher', dispatcherAlert.id, 'sms', ['failed']);
    expect(failed).toMatchObject({ attempts: 3, lastError: 'gave up after 3 attempts: HTTP 500' });
    expect(smsRequests.filter((sms) => sms.to === PHONE_FAILING && sms.text.includes(reference))).toHaveLength(3);

    // A gateway that does not answer within DELIVERY_TIMEOUT_MS: cut off, retried, then reported.
    await setPreferences('school2.reporter', { phone: PHONE_SLOW, channels: { 'case-update': ['sms'] } });
    const slowReference = newReference();
    await publish(
      'dispatch.case.status-changed',
      {
        caseId: randomUUID(),
        schoolId: school2,
        from: 'ASSESSED',
        to: 'REJECTED',
        changedAt: new Date().toISOString(),
        sequence: 3,
        reference: slowReference,
      },
      2,
    );
    const update = await notificationFor('school2.reporter', slowReference, 'case-update');
    const timedOut = await deliveryOn('school2.reporter', update.id, 'sms', ['failed']);
    expect(timedOut).toMatchObject({ attempts: 3, lastError: 'gave up after 3 attempts: timed out after 1000 ms' });
  });

  it('retries an SMTP server that refuses for now, and gives up at once on a mailbox that does not exist', async () => {
    await setPreferences('school.reporter', { email: 'busy@school.test', channels: { 'case-update': ['email'] } });
    const busyReference = newReference();
    const statusChange = (reference: string) =>
      publish(
        'dispatch.case.status-changed',
        {
          caseId: randomUUID(),
          schoolId: school1,
          from: 'VERIFIED',
          to: 'CLOSED',
          changedAt: new Date().toISOString(),
          sequence: 9,
          reference,
        },
        2,
      );
    await statusChange(busyReference);
    const busy = await notificationFor('school.reporter', busyReference, 'case-update');
    expect(await deliveryOn('school.reporter', busy.id, 'email', ['failed'])).toMatchObject({
      attempts: 3,
      lastError: 'gave up after 3 attempts: SMTP 451',
    });

    await setPreferences('school.reporter', { email: 'nobody@school.test', channels: { 'case-update': ['email'] } });
    const goneReference = newReference();
    await statusChange(goneReference);
    const gone = await notificationFor('school.reporter', goneReference, 'case-update');
    expect(await deliveryOn('school.reporter', gone.id, 'email', ['failed'])).toMatchObject({
      attempts: 1,
      lastError: 'SMTP 550',
    });
    // No case update without a reference, nor for a status the school does not follow.
    const quiet = randomUUID();
    await publish(
      'dispatch.case.status-changed',
      {
        caseId: quiet,
        schoolId: school1,
        from: 'ASSIGNED',
        to: 'ACKNOWLEDGED',
        changedAt: new Date().toISOString(),
        sequence: 4,
        reference: newReference(),
      },
      2,
    );
    await sleep(1500);
    const inbox = await system.api('GET', '/api/inbox', { as: 'school.reporter' });
    expect((inbox.body.items as Array<{ caseId: string }>).some((n) => n.caseId === quiet)).toBe(false);
  });

  it('holds a normal message in quiet hours and lets an escalation through', async () => {
    const local = DateTime.now().setZone('Asia/Shanghai');
    const quietHours = {
      from: local.minus({ minutes: 60 }).toFormat('HH:mm'),
      to: local.plus({ minutes: 60 }).toFormat('HH:mm'),
    };
    await setPreferences('police.head', {
      email: 'head@psb.test',
      quietHours,
      channels: { 'extension-decided': ['email'], escalation: ['email'] },
    });
    const reference = newReference();
    const taskId = randomUUID();
    const caseId = randomUUID();
    await publish('dispatch.extension.decided', {
      extensionId: randomUUID(),
      taskId,
      caseId,
      reference,
      unitId: psb,
      approved: true,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await publish('dispatch.task.escalated', {
      taskId,
      caseId,
      reference,
      unitId: psb,
      deadline: 'rectify',
      level: 1,
      notify: 'unit-head',
      escalatedAt: new Date().toISOString(),
    });
    const escalation = await notificationFor('police.head', reference, 'escalation');
    expect(escalation.title).toBe(`Case ${reference} escalated (level 1): rectification overdue`);
    await deliveryOn('police.head', escalation.id, 'email', ['sent']);
    const decided = await notificationFor('police.head', reference, 'extension-decided');
    expect(await deliveryOn('police.head', decided.id, 'email', ['held'])).toMatchObject({ attempts: 0 });
    await sleep(1500);
    const toHead = mails.filter((m) => m.to.includes('head@psb.test') && m.subject.includes(reference));
    expect(toHead.map((m) => m.subject)).toEqual([escalation.title]);
    // The handler is not the unit head: no escalation for them.
    const handlerInbox = await system.api('GET', '/api/inbox?kind=escalation', { as: 'police.handler' });
    expect((handlerInbox.body.items as Array<{ title: string }>).some((n) => n.title.includes(reference))).toBe(false);
    await setPreferences('police.head', { quietHours: null });
  });

  it('sends an unread alert again on the next channel, once per step, and stops when it is read', async () => {
    await setPreferences('supervisor', {
      email: 'supervisor@county.test',
      phone: PHONE_OK,
      channels: { 'life-safety': ['email'] },
    });
    await setPreferences('taskforce.dispatcher', { channels: { 'life-safety': [] } });
    const unreadReference = newReference();
    const readReference = newReference();
    for (const reference of [unreadReference, readReference]) {
      await publish('intake.life-safety.flagged', {
        source: 'tip',
        sourceId: randomUUID(),
        reference,
        flaggedAt: new Date().toISOString(),
      });
    }
    const read = await notificationFor('supervisor', readReference, 'life-safety');
    expect((await system.api('POST', `/api/inbox/${read.id}/read`, { as: 'supervisor' })).status).toBe(200);
    const unread = await notificationFor('supervisor', unreadReference, 'life-safety');
    await deliveryOn('supervisor', unread.id, 'email', ['sent']);
    // REALERT_AFTER is 3 s: the next channel after email is SMS.
    const again = await deliveryOn('supervisor', unread.id, 'sms', ['sent']);
    expect(again.attempts).toBe(1);
    await sleep(7000); // two more steps' time: no channel left (no unit robot), nothing more
    const sms = [...smsSent.values()];
    expect(sms.filter((m) => m.text.includes(unreadReference))).toHaveLength(1);
    expect(sms.filter((m) => m.text.includes(readReference))).toHaveLength(0);
    expect((await deliveries('supervisor', read.id)).map((d) => d.channel)).toEqual(['inbox', 'email']);
    expect((await deliveries('supervisor', unread.id)).map((d) => d.channel)).toEqual(['inbox', 'email', 'sms']);
  });

  it('sends each unit with open tasks one daily digest a day, by email too, and none to a unit without', async () => {
    // The first test left the police a real task, its acknowledgement overdue; the culture bureau has none.
    const ledger = await system.api('GET', `/api/ledger?unitId=${psb}&limit=100`, { as: 'taskforce.dispatcher' });
    const open = (ledger.body.items as Array<{ taskStatus: string; overdue: boolean }>).filter((row) =>
      ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'].includes(row.taskStatus),
    );
    const overdue = open.filter((row) => row.overdue).length;
    expect(open.length).toBeGreaterThan(0);
    expect(overdue).toBeGreaterThan(0);
    const day = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
    const digestEnv = { DAILY_DIGEST_TIME: '00:00', DAILY_DIGEST_DAYS: 'every' };
    // An earlier test left the handler without an address; give it one so the digest is emailed too.
    await setPreferences('police.handler', { email: 'handler@psb.test', channels: {} });

    // Dispatch starts with the day's digest time passed: the start-up check sends it.
    await system.stopService('dispatch');
    await system.startService('dispatch', digestEnv);
    const title = `Daily digest ${day}: ${open.length} open tasks, ${overdue} overdue`;
    const digest = await notificationFor('police.handler', `Daily digest ${day}`, 'daily-digest');
    expect(digest.title).toBe(title);
    expect(await deliveryOn('police.handler', digest.id, 'email', ['sent'])).toMatchObject({ attempts: 1 });
    const mail = mails.find((m) => m.to.includes('handler@psb.test') && m.subject === title);
    expect(mail?.deliveryId).toBeTruthy();
    // The head reads the same digest (its own copy); the culture bureau, with nothing open, gets none.
    await notificationFor('police.head', `Daily digest ${day}`, 'daily-digest');

    // A second start the same day sends nothing again.
    await system.stopService('dispatch');
    await system.startService('dispatch', digestEnv);
    await sleep(2000);
    const digests = await system.api('GET', '/api/inbox?kind=daily-digest', { as: 'police.handler' });
    expect(digests.body.items).toHaveLength(1);
    expect(mails.filter((m) => m.to.includes('handler@psb.test') && m.subject === title)).toHaveLength(1);
    expect((await system.api('GET', '/api/inbox?kind=daily-digest', { as: 'culture.handler' })).body.items).toEqual([]);
    const sent = system.logLines('dispatch').filter((line) => line.msg === 'daily digests sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ day });
  });

  describe('a notify process killed mid-delivery', () => {
    const pending = async () =>
      (
        await system.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM notify.deliveries WHERE status IN ('queued', 'sending')",
        )
      )[0].count;

    const caseUpdate = async (reference: string) =>
      publish(
        'dispatch.case.status-changed',
        {
          caseId: randomUUID(),
          schoolId: school2,
          from: 'REPORTED',
          to: 'FORWARDED',
          changedAt: new Date().toISOString(),
          sequence: 2,
          reference,
        },
        2,
      );

    it('sends an SMS it had handed to the gateway once: the repeat carries the same key and is dropped', async () => {
      // Alerts read, so no re-alert falls due while the failpoint is armed; nothing else in flight.
      for (const user of ['supervisor', 'taskforce.dispatcher', 'police.head']) {
        expect((await system.api('POST', '/api/inbox/read-all', { as: user })).status).toBe(200);
      }
      await waitFor('no delivery in flight', async () => (await pending()) === 0, { timeoutMs: 30_000 });
      await setPreferences('school2.reporter', { phone: PHONE_OK, channels: { 'case-update': ['sms'] } });
      await system.stopService('notify');
      await system.startService('notify', { ...notifyEnv, CW_FAILPOINTS: 'delivery.after-send:sms' });
      const reference = newReference();
      await caseUpdate(reference);
      expect(await system.waitForExit('notify', 30_000)).toBe('SIGKILL');
      const first = smsRequests.filter((sms) => sms.text.includes(reference));
      expect(first).toHaveLength(1);

      await system.startService('notify', notifyEnv);
      const update = await notificationFor('school2.reporter', reference, 'case-update');
      const sent = await deliveryOn('school2.reporter', update.id, 'sms', ['sent']);
      expect(sent).toMatchObject({ attempts: 2 });
      expect(sent.lastError).toContain('interrupted');
      const requests = smsRequests.filter((sms) => sms.text.includes(reference));
      expect(requests.length).toBeGreaterThanOrEqual(2);
      expect(new Set(requests.map((sms) => sms.key)).size).toBe(1);
      expect([...smsSent.values()].filter((sms) => sms.text.includes(reference))).toHaveLength(1);
    });

    it('does not send an email twice: an interrupted attempt is reported, not repeated', async () => {
      await waitFor('no delivery in flight', async () => (await pending()) === 0, { timeoutMs: 30_000 });
      await setPreferences('school2.reporter', {
        email: 'school2@school.test',
        channels: { 'case-update': ['email'] },
      });
      await system.stopService('notify');
      await system.startService('notify', { ...notifyEnv, CW_FAILPOINTS: 'delivery.after-send:email' });
      const reference = newReference();
      await caseUpdate(reference);
      expect(await system.waitForExit('notify', 30_000)).toBe('SIGKILL');
      await system.startService('notify', notifyEnv);
      const update = await notificationFor('school2.reporter', reference, 'case-update');
      const settled = await deliveryOn('school2.reporter', update.id, 'email', ['failed']);
      expect(settled.lastError).toContain('interrupted');
      await sleep(1500);
      expect(mails.filter((m) => m.subject.includes(reference))).toHaveLength(1);
    });
  });

  it('keeps no address or phone number in its logs', () => {
    const logs = system
      .logLines('notify')
      .map((line) => JSON.stringify(line))
      .join('\n');
    for (const secret of ['handler@psb.test', 'supervisor@county.test', PHONE_OK, PHONE_FAILING, GENERIC_SECRET]) {
      expect(logs).not.toContain(secret);
    }
  });
});
