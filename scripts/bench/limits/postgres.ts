import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Isolation } from '#libs/testing';

const CLIENTS = 8;

/**
 * PostgreSQL's rate of single-row INSERTs, each its own transaction committed with
 * synchronous_commit on (a flushed WAL record per commit), from 8 clients at once: the ceiling of
 * anything that commits one small transaction per step. Rows are outbox-sized (uuid + ~300 B jsonb).
 */
export async function postgresCommitRate(isolation: Isolation, seconds: number): Promise<number> {
  const setup = new pg.Client({ connectionString: isolation.databaseUrl });
  await setup.connect();
  await setup.query(`CREATE TABLE bench_rows (
    id uuid PRIMARY KEY,
    body jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await setup.end();
  const body = JSON.stringify({ type: 'intake.whistle-report.submitted', payload: { text: 'x'.repeat(240) } });
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new pg.Client({ connectionString: isolation.databaseUrl });
      await client.connect();
      await client.query('SET synchronous_commit = on');
      return client;
    }),
  );
  try {
    let inserted = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < until) {
          await client.query('INSERT INTO bench_rows (id, body) VALUES ($1, $2)', [randomUUID(), body]);
          inserted += 1;
        }
      }),
    );
    return inserted / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
