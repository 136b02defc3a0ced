import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cursorTimestampSql, type CaseStatus, type NewestFirstKey, type Page, pageOf } from '#libs/contracts';
import { type CaseRow, caseView } from './case-view.js';

export interface ListCases {
  status?: CaseStatus;
  unitId?: string;
  schoolId?: string;
  overdue?: boolean;
  cursor?: NewestFirstKey;
  limit: number;
}

/** A task still owing the step whose deadline has passed (by the database's clock). */
const OVERDUE = `EXISTS (SELECT 1 FROM dispatch.tasks t WHERE t.case_id = c.id AND (
    (t.status = 'ASSIGNED' AND t.ack_due_at < now())
    OR (t.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS') AND t.rectify_due_at < now())))`;

/** The county's cases, newest first (time reported, then id), filtered, a page at a time. */
@Injectable()
export class ListCasesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute({
    status,
    unitId,
    schoolId,
    overdue,
    cursor,
    limit,
  }: ListCases): Promise<Page<ReturnType<typeof caseView>>> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const param = (value: unknown) => {
      parameters.push(value);
      return `$${parameters.length}`;
    };
    if (status) conditions.push(`c.status = ${param(status)}`);
    if (schoolId) conditions.push(`c.school_id = ${param(schoolId)}::uuid`);
    if (unitId) {
      conditions.push(
        `EXISTS (SELECT 1 FROM dispatch.tasks u WHERE u.case_id = c.id AND u.unit_id = ${param(unitId)}::uuid)`,
      );
    }
    if (overdue !== undefined) conditions.push(overdue ? OVERDUE : `NOT ${OVERDUE}`);
    if (cursor) {
      conditions.push(`(c.reported_at, c.id) < (${param(cursor[0])}::timestamptz, ${param(cursor[1])}::uuid)`);
    }
    const rows: Array<CaseRow & { cursorAt: string }> = await this.dataSource.query(
      `SELECT c.id, c.reference, c.source, c.school_id AS "schoolId", c.category, c.severity, c.status, c.disputed,
              c.merged_into AS "mergedInto", c.reported_at AS "reportedAt", c.updated_at AS "updatedAt",
              ${cursorTimestampSql('c.reported_at')} AS "cursorAt"
         FROM dispatch.cases c ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY c.reported_at DESC, c.id DESC LIMIT ${param(limit + 1)}`,
      parameters,
    );
    return pageOf(rows, limit, (row) => [row.cursorAt, row.id], caseView);
  }
}
