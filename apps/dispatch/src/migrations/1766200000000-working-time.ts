import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working-time SLAs: the county calendar per year, a clock per policy and per-category overrides,
 * the escalation policy, every step of a deadline (reminders, breach, ladder) as its own row, and
 * extension requests. The calendar years themselves are seeded at boot from the kept library.
 */
export class WorkingTime1766200000000 implements MigrationInterface {
  name = 'WorkingTime1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE dispatch.county_calendars (
      year integer PRIMARY KEY,
      off_days text[] NOT NULL,
      workdays text[] NOT NULL,
      source text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid
    )`);
    // A year some deadline needed and found no calendar for: administrators are told once per year.
    await runner.query(`CREATE TABLE dispatch.calendar_gaps (
      year integer PRIMARY KEY,
      noticed_at timestamptz NOT NULL DEFAULT now(),
      notified_at timestamptz,
      loaded_at timestamptz
    )`);
    await runner.query(`ALTER TABLE dispatch.sla_policies ADD COLUMN clock text NOT NULL DEFAULT 'working'`);
    await runner.query(`UPDATE dispatch.sla_policies SET clock = 'calendar' WHERE severity = 'urgent'`);
    await runner.query(`CREATE TABLE dispatch.sla_policy_overrides (
      severity text NOT NULL,
      category text NOT NULL,
      ack_within text NOT NULL,
      rectify_within text NOT NULL,
      clock text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      PRIMARY KEY (severity, category)
    )`);
    await runner.query(`CREATE TABLE dispatch.escalation_policy (
      id smallint PRIMARY KEY CHECK (id = 1),
      reminder_fractions float8[] NOT NULL,
      ladder jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid
    )`);
    await runner.query(`INSERT INTO dispatch.escalation_policy (id, reminder_fractions, ladder) VALUES
      (1, '{0.5,0.8}', '[{"level":1,"notify":"unit-head","after":"PT0S"},{"level":2,"notify":"taskforce","after":"PT4H"},{"level":3,"notify":"supervisor","after":"P1D"}]')`);
    // Rows written before steps existed are breaches; `seq` orders steps due at the same instant.
    await runner.query(`ALTER TABLE dispatch.deadlines
      ADD COLUMN step text NOT NULL DEFAULT 'breach',
      ADD COLUMN seq smallint NOT NULL DEFAULT 100,
      ADD COLUMN fraction float8,
      ADD COLUMN level integer,
      ADD COLUMN notify text,
      ADD COLUMN deadline_due_at timestamptz,
      ADD COLUMN start_at timestamptz,
      ADD COLUMN within text,
      ADD COLUMN clock text,
      ADD COLUMN calendar_missing boolean NOT NULL DEFAULT false`);
    await runner.query('ALTER TABLE dispatch.deadlines DROP CONSTRAINT deadlines_task_id_kind_version_key');
    await runner.query(
      'ALTER TABLE dispatch.deadlines ADD CONSTRAINT deadlines_task_kind_version_step_key UNIQUE (task_id, kind, version, step)',
    );
    await runner.query(`CREATE INDEX deadlines_calendar_missing_idx ON dispatch.deadlines (task_id)
      WHERE calendar_missing AND fired_at IS NULL AND cancelled_at IS NULL`);
    await runner.query(`CREATE TABLE dispatch.extensions (
      id uuid PRIMARY KEY,
      task_id uuid NOT NULL REFERENCES dispatch.tasks (id),
      case_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      kind text NOT NULL,
      reason text NOT NULL,
      requested_due_at timestamptz NOT NULL,
      requested_by uuid NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL,
      decided_by uuid,
      decided_at timestamptz,
      decision_reason text
    )`);
    await runner.query('CREATE INDEX extensions_task_idx ON dispatch.extensions (task_id, requested_at)');
    await runner.query('CREATE INDEX extensions_unit_idx ON dispatch.extensions (unit_id, status)');
    await runner.query(
      `CREATE UNIQUE INDEX extensions_one_pending_idx ON dispatch.extensions (task_id) WHERE status = 'pending'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispatch.extensions');
    await runner.query('DROP INDEX dispatch.deadlines_calendar_missing_idx');
    await runner.query('ALTER TABLE dispatch.deadlines DROP CONSTRAINT deadlines_task_kind_version_step_key');
    await runner.query(`DELETE FROM dispatch.deadlines WHERE step <> 'breach'`);
    await runner.query(
      'ALTER TABLE dispatch.deadlines ADD CONSTRAINT deadlines_task_id_kind_version_key UNIQUE (task_id, kind, version)',
    );
    await runner.query(`ALTER TABLE dispatch.deadlines
      DROP COLUMN step, DROP COLUMN seq, DROP COLUMN fraction, DROP COLUMN level, DROP COLUMN notify,
      DROP COLUMN deadline_due_at, DROP COLUMN start_at, DROP COLUMN within, DROP COLUMN clock,
      DROP COLUMN calendar_missing`);
    await runner.query('DROP TABLE dispatch.escalation_policy');
    await runner.query('DROP TABLE dispatch.sla_policy_overrides');
    await runner.query('ALTER TABLE dispatch.sla_policies DROP COLUMN clock');
    await runner.query('DROP TABLE dispatch.calendar_gaps');
    await runner.query('DROP TABLE dispatch.county_calendars');
  }
}
