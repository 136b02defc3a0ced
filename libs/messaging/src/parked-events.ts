import type { DataSource } from 'typeorm';
import { AppError } from '#libs/errors';

export interface ParkedEventSummary {
  id: string;
  consumer: string;
  eventId: string | null;
  type: string | null;
  reason: string;
  deliveries: number;
  parkedAt: string;
}

/**
 * Dead-letter table: events that were invalid or kept failing. Listed and replayed by the
 * `events` command; the raw bytes stay in the service's own database, never in logs.
 */
export class ParkedEvents {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async park(entry: {
    consumer: string;
    data: Uint8Array;
    reason: string;
    deliveries: number;
    eventId?: string;
    type?: string;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".parked_events (consumer, event_id, type, data, reason, deliveries)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.consumer,
        entry.eventId ?? null,
        entry.type ?? null,
        Buffer.from(entry.data),
        entry.reason,
        entry.deliveries,
      ],
    );
  }

  async list(): Promise<ParkedEventSummary[]> {
    return this.dataSource.query(
      `SELECT id, consumer, event_id AS "eventId", type, reason, deliveries, parked_at AS "parkedAt"
         FROM "${this.schema}".parked_events WHERE replayed_at IS NULL ORDER BY parked_at LIMIT 500`,
    );
  }

  async get(id: string): Promise<{ consumer: string; data: Buffer }> {
    const rows: Array<{ consumer: string; data: Buffer }> = await this.dataSource.query(
      `SELECT consumer, data FROM "${this.schema}".parked_events WHERE id = $1 AND replayed_at IS NULL`,
      [id],
    );
    if (!rows[0]) throw AppError.notFound(`parked event ${id}`);
    return rows[0];
  }

  async markReplayed(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE "${this.schema}".parked_events SET replayed_at = now() WHERE id = $1`, [id]);
  }
}
