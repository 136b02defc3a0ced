import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import type { NotifyConfig } from '../config.js';
import { readerLanguage } from '../preferences/reader-language.js';
import { NOTIFICATION_VIEW, type NotificationRow, type NotificationView, viewIn } from './notification-view.js';

/**
 * Marks one of the caller's notifications read. Repeating it keeps the first time it was read;
 * another user's notification is reported missing, so ids leak nothing. Reading stops re-alerts.
 */
@Injectable()
export class MarkNotificationReadUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: NotifyConfig,
  ) {}

  async execute(actor: Actor, notificationId: string): Promise<NotificationView> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows] = await this.dataSource.query<[NotificationRow[], number]>(
      `UPDATE notify.notifications SET read_at = coalesce(read_at, now())
        WHERE id = $1 AND user_id = $2 RETURNING ${NOTIFICATION_VIEW}`,
      [notificationId, actor.userId],
    );
    if (rows.length === 0) throw AppError.notFound('notification');
    return viewIn(await readerLanguage(this.dataSource, actor.userId), this.config.COUNTY_TIMEZONE)(rows[0]);
  }

  /** Marks every unread notification of the caller read; answers how many it marked. */
  async all(actor: Actor): Promise<{ marked: number }> {
    const [, marked] = await this.dataSource.query<[unknown[], number]>(
      'UPDATE notify.notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL',
      [actor.userId],
    );
    return { marked };
  }

  async unreadCount(actor: Actor): Promise<{ count: number }> {
    const [row] = await this.dataSource.query<Array<{ count: number }>>(
      'SELECT count(*)::int AS count FROM notify.notifications WHERE user_id = $1 AND read_at IS NULL',
      [actor.userId],
    );
    return { count: row.count };
  }
}
