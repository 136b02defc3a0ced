import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { cursorTimestampSql, type listInspectionsRequest, type Page, pageOf } from '#libs/contracts';
import { AppError } from '#libs/errors';

export type ListInspections = z.infer<typeof listInspectionsRequest>;

interface InspectionRow {
  id: string;
  schoolId: string;
  kind: string;
  campaign: string | null;
  at: Date;
  findings: unknown[];
  attachmentIds: string[];
  inspectorId: string;
  createdAt: Date;
  cursorAt: string;
}

const view = ({ cursorAt: _cursor, ...row }: InspectionRow) => ({ ...row, campaign: row.campaign ?? undefined });

/** Inspections newest first (by the time recorded), by school and time of inspection; a school sees its own only. */
@Injectable()
export class ListInspectionsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, input: ListInspections): Promise<Page<ReturnType<typeof view>>> {
    if (actor.role === 'school_reporter') {
      if (input.schoolId !== undefined && input.schoolId !== actor.orgId) throw AppError.notFound('school');
      input = { ...input, schoolId: actor.orgId };
    }
    const where: string[] = [];
    const parameters: unknown[] = [input.limit + 1];
    const add = (sql: string, value: unknown) => {
      parameters.push(value);
      where.push(sql.replace('?', `$${parameters.length}`));
    };
    if (input.schoolId) add('school_id = ?', input.schoolId);
    if (input.from) add('at >= ?::timestamptz', input.from);
    if (input.to) add('at <= ?::timestamptz', input.to);
    if (input.cursor) {
      parameters.push(input.cursor[0], input.cursor[1]);
      where.push(`(created_at, id) < ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`);
    }
    const rows: InspectionRow[] = await this.dataSource.query(
      `SELECT id, school_id AS "schoolId", kind, campaign, at, findings, attachment_ids AS "attachmentIds",
              inspector_id AS "inspectorId", created_at AS "createdAt", ${cursorTimestampSql('created_at')} AS "cursorAt"
         FROM grading.inspections ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      parameters,
    );
    return pageOf(rows, input.limit, (row) => [row.cursorAt, row.id], view);
  }
}
