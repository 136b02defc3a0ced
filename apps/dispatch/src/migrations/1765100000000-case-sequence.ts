import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Numbers each case's status changes, so consumers order them without comparing clocks. A case that
 * exists already gets the number of changes it has had (its history rows, opening included).
 */
export class CaseSequence1765100000000 implements MigrationInterface {
  name = 'CaseSequence1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dispatch.cases ADD COLUMN sequence integer NOT NULL DEFAULT 0');
    await runner.query(`UPDATE dispatch.cases c SET sequence = t.n
      FROM (SELECT case_id, count(*)::int AS n FROM dispatch.case_transitions GROUP BY case_id) t
     WHERE t.case_id = c.id`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dispatch.cases DROP COLUMN sequence');
  }
}
