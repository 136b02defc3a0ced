import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { cursorTimestampSql, type NewestFirstKey, type Page, pageOf } from '#libs/contracts';
import { type TaskViewSource, taskView } from './task-view.js';

export interface ListTasks {
  cursor?: NewestFirstKey;
  limit: number;
}

/** A task's columns read straight into its entity shape (no ORM hydration), and its cursor key. */
type TaskRow = TaskViewSource & { cursorAt: string };

/** A department's own tasks, newest first (time created, then id), a page at a time. */
@Injectable()
export class ListTasksQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, { cursor, limit }: ListTasks): Promise<Page<ReturnType<typeof taskView>>> {
    const parameters: unknown[] = [actor.orgId, limit + 1];
    if (cursor) parameters.push(cursor[0], cursor[1]);
    const rows: TaskRow[] = await this.dataSource.query(
      `SELECT id, case_id AS "caseId", unit_id AS "unitId", role, status, ack_due_at AS "ackDueAt",
              rectify_due_at AS "rectifyDueAt", acknowledged_at AS "acknowledgedAt", feedback_at AS "feedbackAt",
              rectified_at AS "rectifiedAt", created_at AS "createdAt", ${cursorTimestampSql('created_at')} AS "cursorAt"
         FROM dispatch.tasks
        WHERE unit_id = $1 ${cursor ? 'AND (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      parameters,
    );
    return pageOf(rows, limit, (row) => [row.cursorAt, row.id], taskView);
  }
}
