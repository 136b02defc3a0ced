import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { cursorTimestampSql, type NewestFirstKey, type Page, pageOf } from '#libs/contracts';
import { NOTIFICATION_VIEW } from './notification-view.js';

export interface ListInbox {
  cursor?: NewestFirstKey;
  limit: number;
}

type NotificationRow = { id: string; cursorAt: string } & Record<string, unknown>;

const view = ({ cursorAt: _, ...notification }: NotificationRow) => notification;

/** The caller's own notifications, newest first (time created, then id), a page at a time. */
@Injectable()
export class ListInboxQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, { cursor, limit }: ListInbox): Promise<Page<Record<string, unknown>>> {
    const parameters: unknown[] = [actor.userId, limit + 1];
    if (cursor) parameters.push(cursor[0], cursor[1]);
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT ${NOTIFICATION_VIEW}, ${cursorTimestampSql('created_at')} AS "cursorAt"
         FROM notify.notifications
        WHERE user_id = $1 ${cursor ? 'AND (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      parameters,
    );
    return pageOf(rows, limit, (row) => [row.cursorAt, row.id], view);
  }
}
