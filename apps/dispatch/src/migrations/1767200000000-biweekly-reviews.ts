import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The biweekly risk reviews: one row per fortnight (its start is the key, so two processes making
 * the same review write it once), holding what the review said when it was made.
 */
export class BiweeklyReviews1767200000000 implements MigrationInterface {
  name = 'BiweeklyReviews1767200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE dispatch.biweekly_reviews (
      period_start date PRIMARY KEY,
      period_end date NOT NULL,
      made_at timestamptz NOT NULL,
      made_by text NOT NULL,
      content jsonb NOT NULL
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispatch.biweekly_reviews');
  }
}
