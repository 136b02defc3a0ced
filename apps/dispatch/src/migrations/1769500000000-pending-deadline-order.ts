import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Due deadlines are fired in (due_at, seq) order. An index on due_at alone made Postgres sort every
 * due row by seq for each batch: 100k due at one instant cost 40 ms of sorting per batch of 2,000.
 * The pending index now holds both, so a batch is read in order and the scan stops at its limit.
 */
export class PendingDeadlineOrder1769500000000 implements MigrationInterface {
  name = 'PendingDeadlineOrder1769500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX dispatch.deadlines_pending_idx');
    await runner.query(
      'CREATE INDEX deadlines_pending_idx ON dispatch.deadlines (due_at, seq) WHERE fired_at IS NULL AND cancelled_at IS NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX dispatch.deadlines_pending_idx');
    await runner.query(
      'CREATE INDEX deadlines_pending_idx ON dispatch.deadlines (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL',
    );
  }
}
