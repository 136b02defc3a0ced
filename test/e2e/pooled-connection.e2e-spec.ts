import { DataSource } from 'typeorm';
import { resultsOf, withPooledConnection } from '#libs/persistence';
import { createIsolation, destroyIsolation, type Isolation } from '#libs/testing';

/** The pool helper the relay and the audit log use: one string of statements, and a clean pool after a failure. */
describe('withPooledConnection (real PostgreSQL)', () => {
  let isolation: Isolation;
  let dataSource: DataSource;
  const backendOf = (source: DataSource) =>
    withPooledConnection(
      source,
      async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid,
    );

  beforeAll(async () => {
    isolation = await createIsolation();
    dataSource = new DataSource({ type: 'postgres', url: isolation.databaseUrl, extra: { max: 1 } });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE notes (id int PRIMARY KEY)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (isolation) await destroyIsolation(isolation);
  });

  it('answers each statement of one string, and commits what the work committed', async () => {
    const before = await backendOf(dataSource);
    const [, inserted, read] = resultsOf<{ n: number }>(
      await withPooledConnection(dataSource, (client) =>
        client.query('BEGIN; INSERT INTO notes VALUES (1), (2); SELECT count(*)::int AS n FROM notes; COMMIT'),
      ),
    );
    expect(inserted.rowCount).toBe(2);
    expect(read.rows).toEqual([{ n: 2 }]);
    // An idle connection goes back to the pool (of one): the next call gets the same backend.
    expect(await backendOf(dataSource)).toBe(before);
  });

  it('closes a connection whose work failed or left a transaction open, which rolls it back', async () => {
    const before = await backendOf(dataSource);
    await expect(
      withPooledConnection(dataSource, async (client) => {
        await client.query('BEGIN; INSERT INTO notes VALUES (3)');
        await client.query('INSERT INTO notes VALUES (1)'); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    const afterFailure = await backendOf(dataSource);
    expect(afterFailure).not.toBe(before);

    await withPooledConnection(dataSource, (client) => client.query('BEGIN; INSERT INTO notes VALUES (4)'));
    expect(await backendOf(dataSource)).not.toBe(afterFailure);

    const rows = await dataSource.query<Array<{ id: number }>>('SELECT id FROM notes ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
  });
});
