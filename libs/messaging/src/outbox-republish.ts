import type { DataSource } from 'typeorm';
import { outboxChannel } from './messaging-tables.js';

/**
 * For a broker that lost events it had acknowledged (restarted without its data): marks the outbox
 * rows published since `since` as unpublished again, and wakes the relay to send them. Consumers'
 * inboxes drop any event they had already handled, so republishing too much is harmless.
 */
export async function republishSince(dataSource: DataSource, schema: string, since: Date) {
  return dataSource.transaction(async (manager) => {
    const [, count] = await manager.query<[unknown, number]>(
      `UPDATE "${schema}".outbox SET published_at = NULL, attempts = 0, next_attempt_at = now(), last_error = NULL
        WHERE published_at >= $1`,
      [since],
    );
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(schema), '']);
    return { republishing: count };
  });
}
