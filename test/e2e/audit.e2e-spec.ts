import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { TestSystem, waitFor } from '#libs/testing';

/**
 * The hash-chained audit log, over HTTP against the whole system: commands and reads of personal data
 * are recorded (who, what, when, outcome; nothing personal), `npm run audit -- verify` passes on an
 * untouched chain and names the first broken link once someone with the database owner's rights
 * edits, deletes or cuts off rows.
 */
describe('audit log', () => {
  let system: TestSystem;
  const TITLE = 'AUDITCANARY lunch money taken at the east gate';

  beforeAll(async () => {
    system = await TestSystem.start({ serviceEnv: { gateway: { AUDIT_CHECKPOINT_INTERVAL_MS: '200' } } });
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const verify = () => {
    const run = spawnSync(process.execPath, ['dist/scripts/audit.js', 'verify'], {
      env: {
        ...process.env,
        DATABASE_URL: system.isolation.databaseUrl,
        NATS_NAMESPACE: system.isolation.natsNamespace,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };
  /** Tampering as the schema's owner would: with the append-only triggers switched off. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: system.isolation.databaseUrl });
    await client.connect();
    try {
      await client.query('SET session_replication_role = replica');
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  };
  const entries = () =>
    system.query<{
      seq: string;
      actor_id: string | null;
      actor_role: string;
      action: string;
      object_id: string;
      outcome: number;
    }>('SELECT * FROM identity.audit_log ORDER BY seq');
  const headSeq = async () => Number((await entries()).at(-1)?.seq ?? 0);

  let reportId: string;
  let tipId: string;

  it('records commands and reads of personal data, never the data itself', async () => {
    const submitted = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'bullying',
        severity: 'high',
        title: TITLE,
        description: 'AUDITCANARY after school',
        location: 'AUDITCANARY gate',
      },
    });
    expect(submitted.status).toBe(201);
    reportId = submitted.body.id;
    const tip = await system.api('POST', '/api/tips', { body: { what: 'AUDITCANARY tip text', category: 'bullying' } });
    expect(tip.status).toBe(201);
    const queue = await system.api('GET', '/api/tips', { as: 'taskforce.dispatcher' });
    tipId = queue.body.items[0].id;
    expect((await system.api('GET', `/api/tips/${tipId}`, { as: 'taskforce.dispatcher' })).status).toBe(200);
    await waitFor('the report to reach the reviewer', async () => {
      const read = await system.api('GET', `/api/whistle-reports/${reportId}`, { as: 'bureau.reviewer' });
      return read.status === 200;
    });
    const refused = await system.api('GET', `/api/tips/${tipId}`, { as: 'school.reporter' });
    expect(refused.status).toBe(403);
    // Reference data is not audited.
    expect((await system.api('GET', '/api/taxonomy', { as: 'school.reporter' })).status).toBe(200);

    const log = await entries();
    const reporter = JSON.parse(
      Buffer.from((await system.tokenFor('school.reporter')).split('.')[1], 'base64url').toString(),
    ).sub;
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor_id: reporter,
          actor_role: 'school_reporter',
          action: 'POST /api/whistle-reports',
          object_id: reportId,
          outcome: 201,
        }),
        expect.objectContaining({ actor_id: null, actor_role: 'anonymous', action: 'POST /api/tips', outcome: 201 }),
        expect.objectContaining({ action: 'GET /api/tips/:id', object_id: tipId, outcome: 200 }),
        expect.objectContaining({ action: 'GET /api/tips/:id', object_id: tipId, outcome: 403 }),
        expect.objectContaining({ action: 'GET /api/whistle-reports/:id', object_id: reportId, outcome: 200 }),
        expect.objectContaining({ action: 'POST /api/auth/login', outcome: 200 }),
      ]),
    );
    expect(log.some((entry) => entry.action.includes('taxonomy'))).toBe(false);
    expect(JSON.stringify(log)).not.toContain('AUDITCANARY');
    expect(log.map((entry) => Number(entry.seq))).toEqual(log.map((_, i) => i + 1));
  });

  it('refuses to change or delete entries, even for the service', async () => {
    await expect(system.query('UPDATE identity.audit_log SET outcome = 200 WHERE seq = 1')).rejects.toThrow(
      /append-only/,
    );
    await expect(system.query('DELETE FROM identity.audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
  });

  it('verifies an untouched chain against its checkpoints', async () => {
    const head = await headSeq();
    expect(head).toBeGreaterThan(5);
    const run = await waitFor('a checkpoint of the chain', () => {
      const attempt = verify();
      return /[1-9]\d* checkpoint\(s\) match/.test(attempt.output) && attempt;
    });
    expect(run.output).toMatch(new RegExp(`identity.audit_log: ok, ${head} entries, head #${head} [0-9a-f]{64}`));
    expect(run.output).toMatch(/intake.field_reads: ok, [1-9]\d* reads/);
    expect(run.status).toBe(0);
  });

  it('names an edited entry, then a deleted one', async () => {
    const log = await entries();
    const forbidden = log.find((entry) => entry.action === 'GET /api/tips/:id' && entry.outcome === 403)!;
    const seq = Number(forbidden.seq);
    // Someone turns a refused read into an allowed one.
    await tamper('UPDATE identity.audit_log SET outcome = 200, actor_role = $2 WHERE seq = $1', [
      seq,
      'taskforce_dispatcher',
    ]);
    let run = verify();
    expect(run.status).toBe(1);
    expect(run.output).toContain(`BROKEN at #${seq}: entry #${seq} was changed`);

    // Deleting an earlier entry is the first broken link now.
    await tamper('DELETE FROM identity.audit_log WHERE seq = 2');
    run = verify();
    expect(run.status).toBe(1);
    expect(run.output).toContain('BROKEN at #2: entry #2 is missing');
  });

  it('names a tail cut off by the checkpoint kept in the broker', async () => {
    // Whoever cut the broken part off leaves a chain that verifies on its own: only the checkpoint shows it.
    const head = await headSeq();
    await tamper('DELETE FROM identity.audit_log WHERE seq >= 2');
    const run = verify();
    expect(run.status).toBe(1);
    expect(run.output).toMatch(new RegExp(`BROKEN at #\\d+: checkpoint #\\d+ is past the chain's head #1`));
    expect(head).toBeGreaterThan(1);
  });

  it("names an edited read in intake's read audit", async () => {
    const [read] = await system.query<{ id: string }>('SELECT id FROM intake.field_reads ORDER BY id LIMIT 1');
    await tamper('UPDATE intake.field_reads SET fields = $2 WHERE id = $1', [read.id, ['nothing']]);
    const run = verify();
    expect(run.status).toBe(1);
    expect(run.output).toContain(`intake.field_reads: BROKEN at #${read.id}: read #${read.id} was changed`);
  });
});
