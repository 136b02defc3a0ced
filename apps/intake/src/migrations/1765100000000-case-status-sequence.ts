import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The sequence of the case status we hold (0: none known yet), so only a later change replaces it. */
export class CaseStatusSequence1765100000000 implements MigrationInterface {
  name = 'CaseStatusSequence1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE intake.whistle_reports ADD COLUMN case_status_sequence integer NOT NULL DEFAULT 0');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE intake.whistle_reports DROP COLUMN case_status_sequence');
  }
}
