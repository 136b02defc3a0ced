import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '#libs/messaging';

export class Initial1764300000000 implements MigrationInterface {
  name = 'Initial1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('notify')) await runner.query(sql);
    await runner.query(`CREATE TABLE notify.recipients (
      user_id uuid PRIMARY KEY,
      org_id uuid NOT NULL,
      role text NOT NULL
    )`);
    await runner.query('CREATE INDEX recipients_org_idx ON notify.recipients (org_id)');
    await runner.query('CREATE INDEX recipients_role_idx ON notify.recipients (role)');
    await runner.query(`CREATE TABLE notify.notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL,
      kind text NOT NULL,
      case_id uuid,
      task_id uuid,
      title text NOT NULL,
      source_event_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      UNIQUE (source_event_id, user_id)
    )`);
    await runner.query('CREATE INDEX notifications_user_idx ON notify.notifications (user_id, created_at DESC)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notify.notifications');
    await runner.query('DROP TABLE notify.recipients');
    for (const sql of messagingTablesDown('notify')) await runner.query(sql);
  }
}
