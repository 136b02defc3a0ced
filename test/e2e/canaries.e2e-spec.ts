import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { type ApiResponse, TEST_NATS_URL, TEST_REDIS_URL, TestSystem, waitFor } from '#libs/testing';

/**
 * Canaries: recognisable minors' names and tip texts, unique to this run, go in through the API and
 * through the whole system (a report with the children involved, a tip that escalates to an urgent
 * case and an alert, threads, staff reads, bad input that repeats them). Staff can read them back; then
 * no log line, no message on any stream, no Redis key or value, no error body and no database column
 * holds one in clear.
 */
describe('canaries', () => {
  let system: TestSystem;
  const tag = `CANARY${randomBytes(4).toString('hex').toUpperCase()}`;
  const canary = {
    pupil: `Zhang Xiaoming ${tag}a`,
    pupilZh: `张小明${tag}b`,
    tipWhat: `He said he wants to die, 他说想死 ${tag}c`,
    tipWho: `Li Hua of class 9-2 ${tag}d`,
    description: `Beaten behind the gym ${tag}e`,
    message: `Her mother called again ${tag}f`,
  };
  const needles = [tag];
  const errorBodies: Array<ApiResponse> = [];

  beforeAll(async () => {
    system = await TestSystem.start();
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const api = async (...args: Parameters<TestSystem['api']>) => {
    const response = await system.api(...args);
    if (response.status >= 400) errorBodies.push(response);
    return response;
  };

  it('are accepted, stored encrypted and readable by the staff who may', async () => {
    const report = await api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'bullying',
        severity: 'high',
        title: 'A pupil beaten',
        description: canary.description,
        location: 'Behind the gym',
        peopleInvolved: [
          { name: canary.pupil, role: 'student', grade: '7' },
          { name: canary.pupilZh, role: 'student' },
        ],
      },
    });
    expect(report.status).toBe(201);
    const tip = await api('POST', '/api/tips', {
      body: { what: canary.tipWhat, who: canary.tipWho, category: 'psychological' },
    });
    expect(tip.status).toBe(201);
    const { trackingCode, secret } = tip.body as { trackingCode: string; secret: string };
    expect(
      (await api('POST', '/api/tips/follow-up/messages', { body: { trackingCode, secret, text: canary.message } }))
        .status,
    ).toBe(201);

    // The life-safety words make the tip an urgent case at once: it travels to dispatch and notify.
    const queue = await api('GET', '/api/tips', { as: 'taskforce.dispatcher' });
    const tipId = queue.body.items[0].id as string;
    await waitFor('the tip to become a case', async () => {
      const opened = await api('GET', `/api/cases/${tipId}`, { as: 'taskforce.dispatcher' });
      return opened.status === 200;
    });
    await waitFor('the report to become a case', async () => {
      const opened = await api('GET', `/api/cases/${report.body.id}`, { as: 'taskforce.dispatcher' });
      return opened.status === 200;
    });
    await waitFor('the life-safety alert', async () => {
      const inbox = await api('GET', '/api/inbox', { as: 'taskforce.dispatcher' });
      return inbox.status === 200 && inbox.body.items.length > 0;
    });

    const readTip = await api('GET', `/api/tips/${tipId}`, { as: 'taskforce.dispatcher' });
    expect(readTip.status).toBe(200);
    expect(JSON.stringify(readTip.body)).toContain(canary.tipWhat);
    expect(JSON.stringify(readTip.body)).toContain(canary.message);
    const readReport = await api('GET', `/api/whistle-reports/${report.body.id}`, { as: 'bureau.reviewer' });
    expect(readReport.status).toBe(200);
    expect(JSON.stringify(readReport.body)).toContain(canary.pupilZh);
    expect(JSON.stringify(readReport.body)).toContain(canary.description);

    // Stored encrypted: the fields are ciphertexts.
    const [stored] = await system.query<{ what: string; people: string }>(
      'SELECT what, people FROM intake.tips WHERE id = $1',
      [tipId],
    );
    expect(stored.what).toMatch(/^enc:v1:/);
    expect(stored.people).toMatch(/^enc:v1:/);

    // Bad input that carries the canaries: refused, and the refusal must not repeat them.
    const refused = [
      await api('POST', '/api/whistle-reports', {
        as: 'school.reporter',
        body: { category: canary.pupil, severity: 'high', title: canary.pupil, description: canary.description },
      }),
      await api('POST', '/api/whistle-reports', {
        as: 'school.reporter',
        body: {
          category: 'bullying',
          severity: 'high',
          title: 't',
          location: 'x',
          description: canary.description,
          peopleInvolved: [{ name: canary.pupil, role: canary.pupilZh }],
        },
      }),
      await api('POST', '/api/tips', { body: { what: canary.tipWhat, schoolId: canary.pupil } }),
      await api('POST', '/api/tips', { body: { what: `${canary.tipWhat} ${'x'.repeat(20_000)}` } }),
      await api('POST', '/api/tips/follow-up', { body: { trackingCode: canary.pupil, secret: canary.tipWho } }),
      await api('POST', `/api/tips/${tipId}/triage`, {
        as: 'taskforce.dispatcher',
        body: { decision: canary.pupil, reason: canary.tipWho },
      }),
      await api('GET', `/api/tips/${encodeURIComponent(canary.pupil)}`, { as: 'taskforce.dispatcher' }),
    ];
    for (const response of refused) expect(response.status).toBeGreaterThanOrEqual(400);
    expect(refused.every((response) => response.status < 500)).toBe(true);
  });

  it('appear in no log line, stream message, Redis key or value, error body or clear database column', async () => {
    const found = (where: string, text: string) =>
      needles.filter((needle) => text.includes(needle)).map((needle) => `${where}: ${needle}`);
    const hits: string[] = [];

    for (const response of errorBodies) {
      hits.push(...found(`error body ${response.status}`, JSON.stringify(response.body)));
    }
    expect(errorBodies.length).toBeGreaterThanOrEqual(7);

    let lines = 0;
    for (const file of readdirSync(system.logDir).filter((name) => name.endsWith('.log'))) {
      const text = readFileSync(join(system.logDir, file), 'utf8');
      lines += text.split('\n').length;
      hits.push(...found(file, text));
    }
    expect(lines).toBeGreaterThan(50);

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
          const headers = [...(message.header?.keys() ?? [])].map((key) => message.header?.get(key));
          hits.push(...found(`stream ${stream.config.name}`, `${message.string()} ${JSON.stringify(headers)}`));
        }
      }
      // The report, the tip's escalation and life-safety flag at least.
      expect(messages).toBeGreaterThanOrEqual(3);
    } finally {
      await nats.close();
    }

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
                      : type === 'stream'
                        ? JSON.stringify(await redis.xrange(key, '-', '+'))
                        : '';
          hits.push(...found(`redis ${key}`, `${key} ${value ?? ''}`));
        }
      }
      expect(keys).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }

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

    expect(hits).toEqual([]);
  });
});
