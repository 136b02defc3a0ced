import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each notification's audience, kept so a user the events introduce late still gets it. */
export class Announcements1764900000000 implements MigrationInterface {
  name = 'Announcements1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE notify.announcements (
      source_event_id uuid PRIMARY KEY,
      kind text NOT NULL,
      case_id uuid,
      task_id uuid,
      title text NOT NULL,
      audience_org_id uuid,
      audience_roles text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query('CREATE INDEX announcements_created_idx ON notify.announcements (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notify.announcements');
  }
}
