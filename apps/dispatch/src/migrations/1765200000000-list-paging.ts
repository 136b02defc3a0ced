import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keyset paging reads cases and tasks newest first with the id as tie-break: indexes in that order. */
export class ListPaging1765200000000 implements MigrationInterface {
  name = 'ListPaging1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX cases_reported_page_idx ON dispatch.cases (reported_at DESC, id DESC)');
    await runner.query('CREATE INDEX cases_status_page_idx ON dispatch.cases (status, reported_at DESC, id DESC)');
    await runner.query('DROP INDEX dispatch.cases_status_idx');
    await runner.query('CREATE INDEX tasks_unit_page_idx ON dispatch.tasks (unit_id, created_at DESC, id DESC)');
    await runner.query('DROP INDEX dispatch.tasks_unit_idx');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX tasks_unit_idx ON dispatch.tasks (unit_id, created_at DESC)');
    await runner.query('DROP INDEX dispatch.tasks_unit_page_idx');
    await runner.query('CREATE INDEX cases_status_idx ON dispatch.cases (status, reported_at DESC)');
    await runner.query('DROP INDEX dispatch.cases_status_page_idx');
    await runner.query('DROP INDEX dispatch.cases_reported_page_idx');
  }
}
