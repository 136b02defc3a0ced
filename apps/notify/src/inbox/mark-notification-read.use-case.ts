import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';
import { NOTIFICATION_VIEW } from './notification-view.js';

/**
 * Marks one of the caller's notifications read. Repeating it keeps the first time it was read;
 * another user's notification is reported missing, so ids leak nothing.
 */
@Injectable()
export class MarkNotificationReadUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, notificationId: string): Promise<Record<string, unknown>> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows] = await this.dataSource.query<[Array<Record<string, unknown>>, number]>(
      `UPDATE notify.notifications SET read_at = coalesce(read_at, now())
        WHERE id = $1 AND user_id = $2 RETURNING ${NOTIFICATION_VIEW}`,
      [notificationId, actor.userId],
    );
    if (rows.length === 0) throw AppError.notFound('notification');
    return rows[0];
  }
}
