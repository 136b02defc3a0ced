import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger and the statistics: the ledger filters by category, source or severity and pages
 * newest case first; statistics read the tasks assigned in a period, cases closed in a period (the
 * timeline) and deadlines breached in a period.
 */
export class LedgerIndexes1767100000000 implements MigrationInterface {
  name = 'LedgerIndexes1767100000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const column of ['category', 'source', 'severity']) {
      await runner.query(
        `CREATE INDEX cases_${column}_page_idx ON dispatch.cases (${column}, reported_at DESC, id DESC)`,
      );
    }
    await runner.query('CREATE INDEX tasks_created_idx ON dispatch.tasks (created_at)');
    await runner.query('CREATE INDEX case_transitions_to_status_idx ON dispatch.case_transitions (to_status, at)');
    await runner.query(
      `CREATE INDEX deadlines_breached_idx ON dispatch.deadlines (fired_at) WHERE step = 'breach' AND fired_at IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX dispatch.deadlines_breached_idx');
    await runner.query('DROP INDEX dispatch.case_transitions_to_status_idx');
    await runner.query('DROP INDEX dispatch.tasks_created_idx');
    for (const column of ['category', 'source', 'severity'])
      await runner.query(`DROP INDEX dispatch.cases_${column}_page_idx`);
  }
}
