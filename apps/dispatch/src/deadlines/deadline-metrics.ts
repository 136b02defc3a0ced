import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type FiredStep, metrics } from '#libs/observability';

/**
 * Exports dispatch's deadline metrics. The pending count is read when metrics are scraped (one
 * count on the pending-deadlines index), never kept up to date per deadline.
 */
@Injectable()
export class DeadlineMetrics implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    metrics.useDeadlineMetrics(async () => {
      const rows = await this.dataSource.query<Array<{ kind: string; pending: number }>>(
        `SELECT kind, count(*)::int AS pending FROM dispatch.deadlines
          WHERE fired_at IS NULL AND cancelled_at IS NULL GROUP BY kind`,
      );
      // Both kinds always appear, at 0 when none is pending.
      return ['ack', 'rectify'].map((kind) => ({
        labels: { kind },
        value: rows.find((row) => row.kind === kind)?.pending ?? 0,
      }));
    });
  }
}

/** What the metrics need of a fired step's row. */
export const firedStep = (row: { kind: string; step: string; due_at_ms: number; fired_at_ms: number }): FiredStep => ({
  kind: row.kind,
  step: row.step,
  dueAtMs: row.due_at_ms,
  firedAtMs: row.fired_at_ms,
});
