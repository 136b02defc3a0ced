import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a closed case's free texts were removed (retention), and the index the sweep walks. */
export class CaseRetention1767400000000 implements MigrationInterface {
  name = 'CaseRetention1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dispatch.cases ADD COLUMN anonymised_at timestamptz');
    await runner.query(`CREATE INDEX cases_retention_idx ON dispatch.cases (updated_at)
      WHERE anonymised_at IS NULL AND status IN ('CLOSED', 'REJECTED', 'MERGED')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX dispatch.cases_retention_idx');
    await runner.query('ALTER TABLE dispatch.cases DROP COLUMN anonymised_at');
  }
}
