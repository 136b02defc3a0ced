import type { DataSource } from 'typeorm';

/**
 * Age in seconds of the oldest outbox row not yet published (0 when there is none), by the
 * database's clock: one read of the first entry of the pending-rows index (outbox_pending_idx),
 * taken when metrics are scraped, never per event.
 */
export async function outboxLagSeconds(dataSource: DataSource, schema: string): Promise<number> {
  const [row] = await dataSource.query<Array<{ seconds: number | null }>>(
    `SELECT extract(epoch FROM now() - min(created_at))::float8 AS seconds
       FROM "${schema}".outbox WHERE published_at IS NULL`,
  );
  return Math.max(0, row?.seconds ?? 0);
}
