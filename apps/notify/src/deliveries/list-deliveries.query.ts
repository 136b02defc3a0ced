import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';

export interface DeliveryView {
  channel: string;
  status: 'queued' | 'held' | 'sent' | 'failed' | 'read';
  attempts: number;
  lastError?: string;
  at: string;
}

/**
 * How a notification went out, channel by channel: the inbox (sent when made, read when read), then
 * each delivery, including the unit group's for this event. For its recipient and administrators;
 * anyone else is told it does not exist. An attempt in flight shows as queued.
 */
@Injectable()
export class ListDeliveriesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, notificationId: string): Promise<DeliveryView[]> {
    const [notification] = await this.dataSource.query<
      Array<{ user_id: string; org_id: string | null; source_event_id: string; created_at: Date; read_at: Date | null }>
    >(
      `SELECT n.user_id, r.org_id, n.source_event_id, n.created_at, n.read_at
         FROM notify.notifications n LEFT JOIN notify.recipients r ON r.user_id = n.user_id WHERE n.id = $1`,
      [notificationId],
    );
    if (!notification || (notification.user_id !== actor.userId && actor.role !== 'administrator')) {
      throw AppError.notFound('notification');
    }
    const rows = await this.dataSource.query<
      Array<{ channel: string; status: string; attempts: number; last_error: string | null; at: Date }>
    >(
      `SELECT channel, status, attempts, last_error, updated_at AS at
         FROM notify.deliveries
        WHERE notification_id = $1
           OR (channel = 'webhook' AND source_event_id = $2 AND recipient_id = $3)
        ORDER BY step, created_at, channel`,
      [notificationId, notification.source_event_id, notification.org_id],
    );
    const inbox: DeliveryView = {
      channel: 'inbox',
      status: notification.read_at ? 'read' : 'sent',
      attempts: 1,
      at: (notification.read_at ?? notification.created_at).toISOString(),
    };
    return [
      inbox,
      ...rows.map((row) => ({
        channel: row.channel,
        status: (row.status === 'sending' ? 'queued' : row.status) as DeliveryView['status'],
        attempts: row.attempts,
        ...(row.last_error ? { lastError: row.last_error } : {}),
        at: row.at.toISOString(),
      })),
    ];
  }
}
