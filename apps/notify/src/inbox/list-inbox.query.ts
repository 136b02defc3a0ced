import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { cursorTimestampSql, type NewestFirstKey, type Page, pageOf } from '#libs/contracts';
import type { NotifyConfig } from '../config.js';
import { readerLanguage } from '../preferences/reader-language.js';
import { NOTIFICATION_VIEW, type NotificationRow, type NotificationView, viewIn } from './notification-view.js';

export interface ListInbox {
  unread?: boolean;
  kind?: string;
  cursor?: NewestFirstKey;
  limit: number;
}

type Row = NotificationRow & { id: string; cursorAt: string };

/** The caller's own notifications, newest first (time created, then id), a page at a time; unread only or one kind if asked. */
@Injectable()
export class ListInboxQuery {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: NotifyConfig,
  ) {}

  async execute(actor: Actor, { unread, kind, cursor, limit }: ListInbox): Promise<Page<NotificationView>> {
    const parameters: unknown[] = [actor.userId, limit + 1];
    const where = ['user_id = $1'];
    if (unread) where.push('read_at IS NULL');
    if (kind) where.push(`kind = $${parameters.push(kind)}`);
    if (cursor) {
      where.push(
        `(created_at, id) < ($${parameters.push(cursor[0])}::timestamptz, $${parameters.push(cursor[1])}::uuid)`,
      );
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${NOTIFICATION_VIEW}, ${cursorTimestampSql('created_at')} AS "cursorAt"
         FROM notify.notifications
        WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      parameters,
    );
    const view = viewIn(await readerLanguage(this.dataSource, actor.userId), this.config.COUNTY_TIMEZONE);
    return pageOf(
      rows,
      limit,
      (row) => [row.cursorAt, row.id],
      ({ cursorAt: _, ...row }) => view(row),
    );
  }
}
