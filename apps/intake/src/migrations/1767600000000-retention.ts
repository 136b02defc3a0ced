import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the retention sweep anonymised a tip, a report or an attachment (null: not yet). Partial
 * indexes hold only what still waits, closed: the sweep finds its work without reading the rest.
 */
export class Retention1767600000000 implements MigrationInterface {
  name = 'Retention1767600000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of ['tips', 'whistle_reports', 'attachments']) {
      await runner.query(`ALTER TABLE intake.${table} ADD COLUMN anonymised_at timestamptz`);
    }
    await runner.query(`CREATE INDEX tips_refused_retention_idx ON intake.tips (triaged_at)
      WHERE anonymised_at IS NULL AND status IN ('false', 'prank', 'spam', 'duplicate')`);
    await runner.query(`CREATE INDEX tips_case_retention_idx ON intake.tips (case_status_at)
      WHERE anonymised_at IS NULL AND case_status IN ('CLOSED', 'REJECTED', 'MERGED')`);
    await runner.query(`CREATE INDEX whistle_reports_retention_idx ON intake.whistle_reports (case_status_at)
      WHERE anonymised_at IS NULL AND case_status IN ('CLOSED', 'REJECTED', 'MERGED')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const index of ['tips_refused_retention_idx', 'tips_case_retention_idx', 'whistle_reports_retention_idx']) {
      await runner.query(`DROP INDEX intake.${index}`);
    }
    for (const table of ['tips', 'whistle_reports', 'attachments']) {
      await runner.query(`ALTER TABLE intake.${table} DROP COLUMN anonymised_at`);
    }
  }
}
