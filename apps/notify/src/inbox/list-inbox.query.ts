import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { NOTIFICATION_VIEW } from './notification-view.js';

const LIST_LIMIT = 200;

/** The caller's own notifications, newest first. */
@Injectable()
export class ListInboxQuery {
  constructor(private readonly dataSource: DataSource) {}

  execute(actor: Actor): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT ${NOTIFICATION_VIEW} FROM notify.notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [actor.userId, LIST_LIMIT],
    );
  }
}
