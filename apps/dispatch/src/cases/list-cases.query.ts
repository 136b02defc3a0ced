import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cursorTimestampSql, type CaseStatus, type NewestFirstKey, type Page, pageOf } from '#libs/contracts';
import { caseView } from './case-view.js';
import type { Case } from './case.entity.js';

export interface ListCases {
  status?: CaseStatus;
  cursor?: NewestFirstKey;
  limit: number;
}

/** A case's columns read straight into its entity shape (no ORM hydration), and its cursor key. */
type CaseRow = Case & { cursorAt: string };

/** The county's cases, newest first (time reported, then id), optionally in one status, a page at a time. */
@Injectable()
export class ListCasesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ status, cursor, limit }: ListCases): Promise<Page<ReturnType<typeof caseView>>> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (status) {
      parameters.push(status);
      conditions.push(`status = $${parameters.length}`);
    }
    if (cursor) {
      parameters.push(cursor[0], cursor[1]);
      conditions.push(`(reported_at, id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`);
    }
    parameters.push(limit + 1);
    const rows: CaseRow[] = await this.dataSource.query(
      `SELECT id, reference, school_id AS "schoolId", category, severity, status,
              reported_at AS "reportedAt", updated_at AS "updatedAt", ${cursorTimestampSql('reported_at')} AS "cursorAt"
         FROM dispatch.cases ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY reported_at DESC, id DESC LIMIT $${parameters.length}`,
      parameters,
    );
    return pageOf(rows, limit, (row) => [row.cursorAt, row.id], caseView);
  }
}
