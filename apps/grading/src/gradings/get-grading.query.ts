import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { encodeCursor } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { RubricsService } from '../rubric/rubrics.service.js';
import { assertOwnSchool } from '../schools/school-access.js';
import { AMENDMENT_JOIN, GRADE_COLUMNS, type GradeRow, gradeView } from './grade-view.js';

/** Reads gradings: a quarter's schools a page at a time (by school id), and one school's history. */
@Injectable()
export class GetGradingQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubrics: RubricsService,
  ) {}

  async quarter(input: { quarter: string; cursor?: [string]; limit: number }) {
    const [grading]: Array<{
      quarter: string;
      status: 'draft' | 'published';
      rubricVersion: number;
      draftedAt: Date;
      publishedAt: Date | null;
    }> = await this.dataSource.query(
      `SELECT quarter, status, rubric_version AS "rubricVersion", drafted_at AS "draftedAt", published_at AS "publishedAt"
         FROM grading.gradings WHERE quarter = $1`,
      [input.quarter],
    );
    if (!grading) throw AppError.notFound('grading');
    const rubric = await this.rubrics.get(grading.rubricVersion);
    const rows: GradeRow[] = await this.dataSource.query(
      `SELECT ${GRADE_COLUMNS} FROM grading.grades g ${AMENDMENT_JOIN}
        WHERE g.quarter = $1 ${input.cursor ? 'AND g.school_id > $3' : ''}
        ORDER BY g.school_id LIMIT $2`,
      input.cursor ? [input.quarter, input.limit + 1, input.cursor[0]] : [input.quarter, input.limit + 1],
    );
    const shown = rows.slice(0, input.limit);
    return {
      ...grading,
      schools: shown.map((row) => gradeView(row, rubric.definition)),
      nextCursor: rows.length > input.limit ? encodeCursor([shown[shown.length - 1].schoolId]) : null,
    };
  }

  /** A school's published grades, newest quarter first, with their reasons; drafts are not results yet. */
  async school(actor: Actor, input: { schoolId: string; cursor?: [string]; limit: number }) {
    assertOwnSchool(actor, input.schoolId);
    const [school]: unknown[] = await this.dataSource.query('SELECT 1 FROM grading.schools WHERE id = $1', [
      input.schoolId,
    ]);
    if (!school) throw AppError.notFound('school');
    const rows: Array<GradeRow & { rubricVersion: number; publishedAt: Date }> = await this.dataSource.query(
      `SELECT ${GRADE_COLUMNS}, r.rubric_version AS "rubricVersion", r.published_at AS "publishedAt"
         FROM grading.grades g JOIN grading.gradings r ON r.quarter = g.quarter AND r.status = 'published'
         ${AMENDMENT_JOIN}
        WHERE g.school_id = $1 ${input.cursor ? 'AND g.quarter < $3' : ''}
        ORDER BY g.quarter DESC LIMIT $2`,
      input.cursor ? [input.schoolId, input.limit + 1, input.cursor[0]] : [input.schoolId, input.limit + 1],
    );
    const shown = rows.slice(0, input.limit);
    const items = [];
    for (const row of shown) {
      const rubric = await this.rubrics.get(row.rubricVersion);
      items.push({
        quarter: row.quarter,
        rubricVersion: row.rubricVersion,
        publishedAt: row.publishedAt,
        ...gradeView(row, rubric.definition),
      });
    }
    return {
      items,
      nextCursor: rows.length > input.limit ? encodeCursor([shown[shown.length - 1].quarter]) : null,
    };
  }
}
