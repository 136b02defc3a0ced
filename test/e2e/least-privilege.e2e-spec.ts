import pg from 'pg';
import { databaseRole, serviceDatabaseUrl, TestSystem, waitFor } from '#libs/testing';

/**
 * Each service connects to Postgres as its own role, which may use only its own schema; migrations run
 * as the owner. The whole system runs this way (every e2e test does), and here each role tries to
 * step outside its schema.
 */
describe('least privilege in the database', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  /** Runs statements on one connection as a service's run-time role. */
  const as = async <T>(service: 'gateway' | 'intake' | 'dispatch', work: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: serviceDatabaseUrl(system.isolation, service) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  it('runs every service as its own role, and the loop works so', async () => {
    const sessions = await system.query<{ usename: string; application_name: string }>(
      `SELECT DISTINCT usename, application_name FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'campus-whistle-%'`,
    );
    for (const [service, schema] of [
      ['gateway', 'identity'],
      ['intake', 'intake'],
      ['dispatch', 'dispatch'],
      ['grading', 'grading'],
      ['notify', 'notify'],
    ] as const) {
      expect(sessions.filter((s) => s.application_name === `campus-whistle-${schema}`).map((s) => s.usename)).toEqual([
        databaseRole(system.isolation, service),
      ]);
    }
    const [role] = await system.query<{ rolsuper: boolean; rolcreaterole: boolean }>(
      'SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = $1',
      [databaseRole(system.isolation, 'intake')],
    );
    expect(role).toEqual({ rolsuper: false, rolcreaterole: false });

    const submitted = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: {
        category: 'bullying',
        severity: 'high',
        title: 'Lunch money',
        description: 'East gate',
        location: 'Gate',
      },
    });
    expect(submitted.status).toBe(201);
    await waitFor('dispatch to open the case', async () => {
      const read = await system.api('GET', `/api/cases/${submitted.body.id}`, { as: 'taskforce.dispatcher' });
      return read.status === 200;
    });
  });

  it("keeps intake out of the gateway's users and dispatch's tables", async () => {
    await as('intake', async (client) => {
      // Its own schema works: the refusals below are about the other schemas.
      expect((await client.query('SELECT count(*)::int AS n FROM intake.whistle_reports')).rows[0].n).toBeGreaterThan(
        0,
      );
      await expect(client.query('SELECT password_hash FROM identity.users')).rejects.toThrow(
        /permission denied for schema identity/,
      );
      await expect(client.query('SELECT * FROM dispatch.cases')).rejects.toThrow(
        /permission denied for schema dispatch/,
      );
      await expect(client.query(`DELETE FROM dispatch.cases`)).rejects.toThrow(/permission denied for schema dispatch/);
      await expect(client.query('SELECT * FROM notify.outbox')).rejects.toThrow(/permission denied for schema notify/);
    });
  });

  it('lets no service change its schema, switch triggers off or rewrite its audit table', async () => {
    await as('intake', async (client) => {
      await expect(client.query('CREATE TABLE intake.stash (x text)')).rejects.toThrow(
        /permission denied for schema intake/,
      );
      await expect(client.query('ALTER TABLE intake.field_reads DISABLE TRIGGER USER')).rejects.toThrow(
        /must be owner/,
      );
      await expect(client.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
      await expect(client.query('DELETE FROM intake.field_reads')).rejects.toThrow(
        /permission denied for table field_reads/,
      );
    });
    await as('gateway', async (client) => {
      expect((await client.query('SELECT count(*)::int AS n FROM identity.audit_log')).rows[0].n).toBeGreaterThan(0);
      await expect(client.query('UPDATE identity.audit_log SET outcome = 200')).rejects.toThrow(
        /permission denied for table audit_log/,
      );
      await expect(client.query('TRUNCATE identity.audit_log')).rejects.toThrow(
        /permission denied for table audit_log/,
      );
      await expect(client.query('SELECT * FROM intake.tips')).rejects.toThrow(/permission denied for schema intake/);
    });
  });
});
