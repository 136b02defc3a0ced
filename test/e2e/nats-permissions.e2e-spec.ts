import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsConnectionOptions } from '#libs/config';
import { eventSubject, inboxPrefix, rpcSubject, SERVICES, streamName } from '#libs/contracts';
import { operatorOnlySubjects } from '#libs/messaging';
import { type NatsUser, testEvent, TestSystem, waitFor } from '#libs/testing';

/**
 * The whole system on a broker whose users `npm run nats-config` wrote from the manifests: each service
 * connects as its own user and a report goes all the way through without the broker refusing anything;
 * the gateway's credentials (the internet-facing service's) cannot forge another service's event nor
 * replay a parked one; the operator's can; no service can listen to another's requests or replies.
 */
describe('a NATS user per service', () => {
  let system: TestSystem;
  const connections: NatsConnection[] = [];
  const ns = () => system.isolation.natsNamespace;
  const natsStore = { ATTACHMENTS_STORE: 'nats' };

  beforeAll(async () => {
    system = await TestSystem.start({
      natsUsers: true,
      serviceEnv: {
        // The attachments bucket is used (gateway and intake only), checkpoints are published at once,
        // and an event grading cannot handle is parked after two attempts.
        gateway: { ...natsStore, AUDIT_CHECKPOINT_INTERVAL_MS: '200' },
        intake: natsStore,
        grading: { EVENT_MAX_DELIVER: '2' },
      },
    });
  }, 600_000);
  afterAll(async () => {
    await Promise.all(connections.map((nats) => nats.close()));
    await system?.stop();
  });

  /** A connection with a user's credentials, replies on that user's own inbox as the services do. */
  const connectAs = async (user: NatsUser) => {
    const nats = await connect({
      ...natsConnectionOptions(system.natsUrlAs(user)),
      inboxPrefix: inboxPrefix(ns(), user),
    });
    connections.push(nats);
    return nats;
  };
  /** `npm run events -- …` with a user's credentials. */
  const events = (user: NatsUser, ...args: string[]) =>
    spawnSync(process.execPath, ['dist/scripts/events.js', ...args], {
      env: { ...process.env, NATS_URL: system.natsUrlAs(user), NATS_NAMESPACE: ns() },
      encoding: 'utf8',
    });
  const violations = () => system.nats.log().match(/^.*Violation.*$/gm) ?? [];

  const post = (path: string, as: string, body?: unknown) => system.api('POST', path, { as, body });
  const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`, 'latin1');
  const upload = async (content: Buffer, as: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)], { type: 'application/pdf' }), 'note.pdf');
    const response = await fetch(system.url('/api/attachments'), {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const download = async (id: string, as: string) => {
    const response = await fetch(system.url(`/api/attachments/${id}`), {
      headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
    });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const report = (headers: Record<string, string> = {}) =>
    system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      headers,
      body: {
        category: 'bullying',
        severity: 'high',
        title: 'Lunch money taken',
        description: 'At the east gate after school.',
        location: 'East gate',
      },
    });

  it('runs the whole system on its own users: report, case, task, evidence, with nothing refused', async () => {
    const units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items as Array<{
      id: string;
      code: string;
    }>;
    const police = units.find((unit) => unit.code === 'DM-PSB')!.id;

    // A report with a file (the gateway writes the bucket, intake keeps the file) opens a case in dispatch.
    const file = pdf('minutes of the meeting');
    const attachment = await upload(file, 'school.reporter');
    const submitted = await post('/api/whistle-reports', 'school.reporter', {
      category: 'bullying',
      severity: 'high',
      title: 'Lunch money taken',
      description: 'At the east gate after school.',
      location: 'East gate',
      attachmentIds: [attachment],
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    const opened = await waitFor('the case to open in dispatch', async () => {
      const found = await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' });
      return found.status === 200 && found.body;
    });
    expect(opened.status).toBe('REPORTED');
    const downloaded = await download(attachment, 'school.reporter');
    expect(downloaded.status).toBe(200);
    expect(downloaded.bytes.equals(file)).toBe(true);

    // An assignment becomes the unit's task and its notification (notify consumes dispatch's events).
    const assigned = await post(`/api/cases/${id}/assign`, 'taskforce.dispatcher', {
      leadUnitId: police,
      severity: 'high',
    });
    expect(assigned.status).toBe(200);
    const task = assigned.body.tasks[0].id as string;
    const tasks = (await system.api('GET', '/api/tasks', { as: 'police.handler' })).body.items as Array<{
      id: string;
      caseId: string;
      status: string;
    }>;
    expect(tasks.find((t) => t.id === task)).toMatchObject({ caseId: id, status: 'ASSIGNED' });
    await waitFor('the task-assigned notification', async () => {
      const inbox = (await system.api('GET', '/api/inbox', { as: 'police.handler' })).body.items as Array<{
        kind: string;
        taskId: string;
      }>;
      return inbox.some((n) => n.kind === 'task-assigned' && n.taskId === task);
    });

    // Rectified with evidence: dispatch asks intake whether the file is the handler's (service to service).
    expect((await post(`/api/tasks/${task}/acknowledge`, 'police.handler')).status).toBe(200);
    const evidence = await upload(pdf('the fence mended'), 'police.handler');
    const rectified = await post(`/api/tasks/${task}/rectify`, 'police.handler', {
      summary: 'fence mended',
      evidence: [evidence],
    });
    expect(rectified.status).toBe(200);
    // Intake's copy of the status and its link of the evidence; grading's projection.
    await waitFor('the school to see the case rectified, with its evidence', async () => {
      const own = await system.api('GET', `/api/whistle-reports/${id}`, { as: 'school.reporter' });
      return own.body.status === 'RECTIFIED' && (await download(evidence, 'school.reporter')).status === 200;
    });
    await waitFor(
      "grading's projection of the case",
      async () => (await system.query('SELECT 1 FROM grading.cases WHERE case_id = $1', [id])).length === 1,
    );

    // The aggregate health asks every backend over NATS; the audit chain's head reached its stream.
    expect((await system.api('GET', '/api/health', { as: 'admin' })).status).toBe(200);
    await waitFor('an audit checkpoint', () => {
      const verify = spawnSync(process.execPath, ['dist/scripts/audit.js', 'verify'], {
        env: {
          ...process.env,
          DATABASE_URL: system.isolation.databaseUrl,
          NATS_URL: system.natsUrlAs('operator'),
          NATS_NAMESPACE: ns(),
        },
        encoding: 'utf8',
      });
      if (verify.status !== 0) throw new Error(verify.stdout + verify.stderr);
      return /[1-9]\d* checkpoint\(s\) match/.test(verify.stdout);
    });

    expect(violations()).toEqual([]);
  });

  it('makes its streams and consumers again under its own users after the broker lost its data', async () => {
    await system.nats.restartWithoutData();
    await waitFor('a healthy system again', async () => (await system.api('GET', '/api/health')).status === 200, {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    // A connection that has not noticed the restart yet may refuse a request with a 503 (never a
    // silent loss); the school tries again with the same Idempotency-Key, so nothing is doubled.
    const key = `after-broker-loss-${randomUUID()}`;
    let id: string | undefined;
    await waitFor(
      'the report accepted again',
      async () => {
        const answer = await report({ 'idempotency-key': key });
        if (![201, 503].includes(answer.status)) throw new Error(`unexpected ${answer.status}`);
        id = answer.status === 201 ? (answer.body.id as string) : undefined;
        return id !== undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(await system.query('SELECT 1 FROM intake.idempotency_keys WHERE key = $1', [key])).toHaveLength(1);
    await waitFor(
      'the report to open a case, and grading to project it',
      async () =>
        (await system.query('SELECT 1 FROM dispatch.cases WHERE id = $1', [id])).length === 1 &&
        (await system.query('SELECT 1 FROM grading.cases WHERE case_id = $1', [id])).length === 1,
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(violations()).toEqual([]);
  });

  it('lets the operator list and replay a parked event, and no service', async () => {
    // Grading cannot write its projection while its table is away: the report's event is parked.
    await system.query('ALTER TABLE grading.cases RENAME TO cases_away');
    let parked: { id: string };
    let reportId: string;
    try {
      reportId = (await report()).body.id as string;
      parked = await waitFor(
        'the event to be parked',
        () => {
          const listed = events('operator', 'list', 'grading');
          if (listed.status !== 0) throw new Error(listed.stderr);
          return (JSON.parse(listed.stdout) as Array<{ id: string; type: string; eventId: string }>).find(
            (p) => p.type === 'dispatch.case.opened',
          );
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    } finally {
      await system.query('ALTER TABLE grading.cases_away RENAME TO cases');
    }

    for (const service of SERVICES) {
      const refused = events(service, 'replay', 'grading', parked.id);
      expect({ service, status: refused.status }).toEqual({ service, status: 1 });
      expect(refused.stderr).toMatch(/Permissions Violation/);
    }
    expect(events('gateway', 'list', 'grading').stderr).toMatch(/Permissions Violation/);

    const replayed = events('operator', 'replay', 'grading', parked.id);
    expect(replayed.stderr).toBe('');
    expect(JSON.parse(replayed.stdout)).toEqual({ replayed: true });
    expect((await system.query('SELECT 1 FROM grading.cases WHERE case_id = $1', [reportId])).length).toBe(1);
    expect(violations().filter((line) => line.includes('User "operator"'))).toEqual([]);
  });

  it("refuses a forged event, the operational verbs and another stream's deletion to the gateway's credentials", async () => {
    const gateway = await connectAs('gateway');
    const operator = await jetstreamManager(await connectAs('operator'));
    const dispatchStream = streamName(ns(), 'dispatch');
    const before = (await operator.streams.info(dispatchStream)).state.messages;

    // A case's status, as if dispatch had closed it.
    const forged = testEvent('dispatch.case.status-changed', {
      caseId: randomUUID(),
      from: 'ASSIGNED',
      to: 'CLOSED',
      sequence: 99,
    });
    await expect(
      jetstream(gateway).publish(eventSubject(ns(), forged.type), JSON.stringify(forged), { msgID: forged.id }),
    ).rejects.toThrow(/Permissions Violation for Publish/);
    for (const subject of operatorOnlySubjects(ns(), 'dispatch')) {
      await expect(gateway.request(subject, JSON.stringify({ id: randomUUID() }), { timeout: 2000 })).rejects.toThrow(
        /Permissions Violation for Publish/,
      );
    }
    const manager = await jetstreamManager(gateway);
    await expect(manager.streams.delete(dispatchStream)).rejects.toThrow(/Permissions Violation for Publish/);
    await expect(manager.streams.purge(streamName(ns(), 'gateway'))).rejects.toThrow(/Permissions Violation/);
    expect((await operator.streams.info(dispatchStream)).state.messages).toBe(before);
    // The broker logged the refusals (the log the first test found clean).
    expect(violations().some((line) => line.includes('User "gateway"') && line.includes(dispatchStream))).toBe(true);
  });

  it("refuses intake a subscription to another service's requests or replies", async () => {
    const intake = await connectAs('intake');
    const refused = async (subject: string) => {
      const subscription = intake.subscribe(subject, { callback: () => undefined });
      return String(await subscription.closed);
    };
    for (const subject of [
      rpcSubject(ns(), 'dispatch.case.list'),
      rpcSubject(ns(), 'dispatch.>'),
      rpcSubject(ns(), 'gateway.parked-event.replay'),
      `${rpcSubject(ns(), '*')}.>`,
      `${inboxPrefix(ns(), 'gateway')}.>`,
      '_INBOX.>',
      `${ns()}.dispatch.>`,
    ]) {
      expect({ subject, closed: await refused(subject) }).toEqual({
        subject,
        closed: expect.stringMatching(/Permissions Violation for Subscription/),
      });
    }
    // Its own inbox it may read.
    const own = intake.subscribe(`${inboxPrefix(ns(), 'intake')}.${randomBytes(4).toString('hex')}`);
    await intake.flush();
    expect(own.isClosed()).toBe(false);
    own.unsubscribe();
  });
});
