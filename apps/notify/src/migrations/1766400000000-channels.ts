import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every channel: template parameters and urgency on announcements and notifications (titles are
 * rendered in the reader's language), recipients' preferences, units' work-chat robots, and one
 * delivery row per (event, recipient, channel), the source of truth for what was sent.
 */
export class Channels1766400000000 implements MigrationInterface {
  name = 'Channels1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of ['announcements', 'notifications']) {
      await runner.query(`ALTER TABLE notify.${table}
        ADD COLUMN params jsonb, ADD COLUMN urgent boolean NOT NULL DEFAULT false`);
    }
    // Re-alerting: the steps taken so far; only unread urgent notifications are looked at.
    await runner.query('ALTER TABLE notify.notifications ADD COLUMN realert_step int NOT NULL DEFAULT 0');
    await runner.query(`CREATE INDEX notifications_realert_idx ON notify.notifications (created_at)
      WHERE urgent AND read_at IS NULL AND kind IN ('escalation', 'life-safety')`);
    await runner.query(`CREATE INDEX notifications_unread_idx ON notify.notifications (user_id)
      WHERE read_at IS NULL`);
    await runner.query(`CREATE TABLE notify.organisations (org_id uuid PRIMARY KEY, kind text NOT NULL)`);
    // Cases opened urgent (or life-safety): their messages go through quiet hours.
    await runner.query(`CREATE TABLE notify.urgent_cases (case_id uuid PRIMARY KEY)`);
    await runner.query(`CREATE TABLE notify.preferences (
      user_id uuid PRIMARY KEY,
      language text NOT NULL,
      email text,
      phone text,
      channels jsonb NOT NULL,
      quiet_from text,
      quiet_to text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE notify.unit_webhooks (
      unit_id uuid PRIMARY KEY,
      kind text NOT NULL,
      url text NOT NULL,
      secret text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // recipient_id is the user, or the unit for its work-chat group (one message per group, not per member).
    await runner.query(`CREATE TABLE notify.deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_event_id uuid NOT NULL,
      recipient_id uuid NOT NULL,
      notification_id uuid NOT NULL REFERENCES notify.notifications (id),
      channel text NOT NULL,
      step int NOT NULL DEFAULT 0,
      status text NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      hold_until timestamptz,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lease_until timestamptz,
      enqueued_attempt int,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source_event_id, recipient_id, channel)
    )`);
    await runner.query('CREATE INDEX deliveries_notification_idx ON notify.deliveries (notification_id)');
    await runner.query(`CREATE INDEX deliveries_pending_idx ON notify.deliveries (status, next_attempt_at)
      WHERE status IN ('queued', 'held', 'sending')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notify.deliveries');
    await runner.query('DROP TABLE notify.unit_webhooks');
    await runner.query('DROP TABLE notify.preferences');
    await runner.query('DROP TABLE notify.urgent_cases');
    await runner.query('DROP TABLE notify.organisations');
    await runner.query('DROP INDEX notify.notifications_unread_idx');
    await runner.query('DROP INDEX notify.notifications_realert_idx');
    await runner.query('ALTER TABLE notify.notifications DROP COLUMN realert_step');
    for (const table of ['announcements', 'notifications']) {
      await runner.query(`ALTER TABLE notify.${table} DROP COLUMN params, DROP COLUMN urgent`);
    }
  }
}
