import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '#libs/messaging';

export class Initial1764300000000 implements MigrationInterface {
  name = 'Initial1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('intake')) await runner.query(sql);
    await runner.query(`CREATE TABLE intake.whistle_reports (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      school_id uuid NOT NULL,
      reporter_id uuid NOT NULL,
      category text NOT NULL,
      severity text NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      location text NOT NULL,
      submitted_at timestamptz NOT NULL,
      case_status text NOT NULL DEFAULT 'REPORTED',
      case_status_at timestamptz
    )`);
    await runner.query(
      'CREATE INDEX whistle_reports_school_idx ON intake.whistle_reports (school_id, submitted_at DESC)',
    );
    await runner.query(`CREATE TABLE intake.reference_counters (year integer PRIMARY KEY, last integer NOT NULL)`);
    await runner.query(`CREATE TABLE intake.idempotency_keys (
      actor_id uuid NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (actor_id, key)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'reference_counters', 'whistle_reports']) {
      await runner.query(`DROP TABLE intake.${table}`);
    }
    for (const sql of messagingTablesDown('intake')) await runner.query(sql);
  }
}
