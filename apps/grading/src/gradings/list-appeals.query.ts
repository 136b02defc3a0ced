import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { cursorTimestampSql, type listAppealsRequest, type Page, pageOf, type Tier } from '#libs/contracts';
import type { AppealView } from './appeals.service.js';

export type ListAppeals = z.infer<typeof listAppealsRequest>;

export interface AppealListItem extends AppealView {
  schoolCode: string;
  schoolName: string;
  /** The published tier appealed (an amendment, if any, is `amendedTier`). */
  tier: Tier;
  score: number;
}

interface AppealRow extends Omit<AppealListItem, 'score'> {
  score: string;
  decided: boolean;
  cursorAt: string;
}

const view = ({ decided: _decided, cursorAt: _cursor, score, ...row }: AppealRow): AppealListItem => ({
  ...row,
  score: Number(score),
});

/**
 * The appeals desk: appeals with their school and the grade appealed, pending first and, within
 * each, oldest filed first; filtered by status and quarter. A school's reporter sees its own only.
 * An appeal decided while someone pages moves behind the cursor of the pending ones: it may be
 * met again among the decided ones, never lost.
 */
@Injectable()
export class ListAppealsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, input: ListAppeals): Promise<Page<AppealListItem>> {
    const where: string[] = [];
    const parameters: unknown[] = [input.limit + 1];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        parameters.push(value);
        text = text.replace('?', `$${parameters.length}`);
      }
      where.push(text);
    };
    if (actor.role === 'school_reporter') add('a.school_id = ?', actor.orgId);
    if (input.status === 'pending') where.push('a.decision IS NULL');
    if (input.status === 'decided') where.push('a.decision IS NOT NULL');
    if (input.quarter) add('a.quarter = ?', input.quarter);
    if (input.cursor) {
      add('(a.decision IS NOT NULL, a.filed_at, a.id) > (?::boolean, ?::timestamptz, ?::uuid)', ...input.cursor);
    }
    const rows: AppealRow[] = await this.dataSource.query(
      `SELECT a.id, a.quarter, a.school_id AS "schoolId", a.reason, a.filed_at AS "filedAt", a.decision,
              a.amended_tier AS "amendedTier", a.decision_reason AS "decisionReason", a.decided_at AS "decidedAt",
              s.code AS "schoolCode", s.name AS "schoolName", g.tier, g.score,
              a.decision IS NOT NULL AS decided, ${cursorTimestampSql('a.filed_at')} AS "cursorAt"
         FROM grading.appeals a
         JOIN grading.grades g ON g.quarter = a.quarter AND g.school_id = a.school_id
         JOIN grading.schools s ON s.id = a.school_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.decision IS NOT NULL, a.filed_at, a.id LIMIT $1`,
      parameters,
    );
    return pageOf(rows, input.limit, (row) => [row.decided, row.cursorAt, row.id], view);
  }
}
