import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { metrics } from '#libs/observability';

/**
 * Exports notify's delivery metrics. Deliveries not settled yet are counted when metrics are
 * scraped (on the pending-deliveries index), the outcomes as they happen (send-delivery, the reconciler).
 */
@Injectable()
export class DeliveryMetrics implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    metrics.useNotificationMetrics(async () => {
      const rows = await this.dataSource.query<Array<{ channel: string; status: string; count: number }>>(
        `SELECT channel, status, count(*)::int AS count FROM notify.deliveries
          WHERE status IN ('queued', 'held', 'sending') GROUP BY channel, status`,
      );
      return rows.map((row) => ({ labels: { channel: row.channel, status: row.status }, value: row.count }));
    });
  }
}

/** Counts the outcome of settled rows by channel (`RETURNING channel`). */
export function countDeliveries(rows: ReadonlyArray<{ channel: string }>, status: 'failed' | 'retried' | 'held'): void {
  for (const row of rows) metrics.delivery(row.channel, status);
}
