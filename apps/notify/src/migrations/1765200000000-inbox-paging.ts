import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keyset paging reads a user's inbox newest first with the id as tie-break: an index in that order. */
export class InboxPaging1765200000000 implements MigrationInterface {
  name = 'InboxPaging1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE INDEX notifications_user_page_idx ON notify.notifications (user_id, created_at DESC, id DESC)',
    );
    await runner.query('DROP INDEX notify.notifications_user_idx');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX notifications_user_idx ON notify.notifications (user_id, created_at DESC)');
    await runner.query('DROP INDEX notify.notifications_user_page_idx');
  }
}
