import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /api/whistle-reports` reads newest first with the id as tie-break: a school's own (which
 * replaces the index by school and time alone) and the county's (a status filter reads the latter).
 */
export class ReportListPaging1769500000000 implements MigrationInterface {
  name = 'ReportListPaging1769500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE INDEX whistle_reports_school_page_idx ON intake.whistle_reports (school_id, submitted_at DESC, id DESC)',
    );
    await runner.query('DROP INDEX intake.whistle_reports_school_idx');
    await runner.query('CREATE INDEX whistle_reports_page_idx ON intake.whistle_reports (submitted_at DESC, id DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX intake.whistle_reports_page_idx');
    await runner.query(
      'CREATE INDEX whistle_reports_school_idx ON intake.whistle_reports (school_id, submitted_at DESC)',
    );
    await runner.query('DROP INDEX intake.whistle_reports_school_page_idx');
  }
}
