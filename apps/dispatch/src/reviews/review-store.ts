import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReviewContent } from './review-content.js';

/** A review as kept: what it said when it was made, and who made it (`schedule`, or a user's id). */
export interface StoredReview extends ReviewContent {
  madeBy: string;
}

/** The reviews, one per fortnight: the first to write a fortnight's row wins, the rest write nothing. */
@Injectable()
export class ReviewStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(periodStart: string): Promise<StoredReview | undefined> {
    const [row] = await this.dataSource.query<Array<{ content: ReviewContent; madeBy: string }>>(
      `SELECT content, made_by AS "madeBy" FROM dispatch.biweekly_reviews WHERE period_start = $1`,
      [periodStart],
    );
    return row && { ...row.content, madeBy: row.madeBy };
  }

  async has(periodStart: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      'SELECT 1 FROM dispatch.biweekly_reviews WHERE period_start = $1',
      [periodStart],
    );
    return rows.length > 0;
  }

  /** Inserts the review unless its fortnight has one; true when this call wrote it. */
  async insert(content: ReviewContent, madeBy: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO dispatch.biweekly_reviews (period_start, period_end, made_at, made_by, content)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (period_start) DO NOTHING RETURNING 1`,
      [content.periodStart, content.periodEnd, content.madeAt, madeBy, JSON.stringify(content)],
    );
    return rows.length > 0;
  }
}
