import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import {
  type CaseStatus,
  type Category,
  cursorTimestampSql,
  type listWhistleReportsRequest,
  pageOf,
  type Severity,
} from '#libs/contracts';
import { reportListSchool } from './report-access.js';

export type ListWhistleReports = z.infer<typeof listWhistleReportsRequest>;

interface ReportRow {
  id: string;
  reference: string;
  school_id: string;
  title: string;
  category: Category;
  severity: Severity;
  case_status: CaseStatus;
  life_safety: boolean;
  submitted_at: Date;
  cursorAt: string;
}

const summary = (row: ReportRow) => ({
  id: row.id,
  reference: row.reference,
  schoolId: row.school_id,
  title: row.title,
  category: row.category,
  severity: row.severity,
  status: row.case_status,
  lifeSafety: row.life_safety,
  submittedAt: row.submitted_at.toISOString(),
});

/**
 * Whistle reports newest first: a school its own, the county all (by status or school). No protected
 * text is read (no description, no people involved), so, as the tip queue, no read is recorded in
 * `intake.field_reads`; the gateway's audit log records who listed.
 */
@Injectable()
export class ListWhistleReportsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, input: ListWhistleReports) {
    const schoolId = reportListSchool(actor, input.schoolId);
    const parameters: unknown[] = [input.limit + 1];
    const where: string[] = [];
    if (schoolId) where.push(`school_id = $${parameters.push(schoolId)}::uuid`);
    if (input.status) where.push(`case_status = $${parameters.push(input.status)}`);
    if (input.cursor) {
      where.push(
        `(submitted_at, id) < ($${parameters.push(input.cursor[0])}::timestamptz, $${parameters.push(input.cursor[1])}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<ReportRow[]>(
      `SELECT id, reference, school_id, title, category, severity, case_status, life_safety, submitted_at,
              ${cursorTimestampSql('submitted_at')} AS "cursorAt"
         FROM intake.whistle_reports ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY submitted_at DESC, id DESC LIMIT $1`,
      parameters,
    );
    return pageOf(rows, input.limit, (row) => [row.cursorAt, row.id], summary);
  }
}
