import type pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs `work` on one of the data source's pooled connections, for a hot path that sends several
 * statements as one simple-protocol string (one round trip where TypeORM's transaction takes one
 * per statement). The connection goes back to the pool only when idle outside a transaction; after
 * a failure, or with a transaction left open, it is closed instead, which rolls that transaction back.
 */
export async function withPooledConnection<T>(
  dataSource: DataSource,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const [client, release] = (await dataSource.driver.obtainMasterConnection()) as [
    pg.PoolClient,
    (error?: Error | boolean) => void,
  ];
  try {
    const result = await work(client);
    release(client.getTransactionStatus() !== 'I');
    return result;
  } catch (error) {
    release(error instanceof Error ? error : true);
    throw error;
  }
}

/** The results of a string of several statements, in order (node-postgres answers an array). */
export const resultsOf = <Row extends pg.QueryResultRow>(answer: unknown): Array<pg.QueryResult<Row>> =>
  answer as Array<pg.QueryResult<Row>>;
