import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '#libs/messaging';

export class Initial1764300000000 implements MigrationInterface {
  name = 'Initial1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('dispatch')) await runner.query(sql);
    await runner.query(`CREATE TABLE dispatch.units (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      code text NOT NULL,
      name text NOT NULL
    )`);
    await runner.query(`CREATE TABLE dispatch.sla_policies (
      severity text PRIMARY KEY,
      ack_within text NOT NULL,
      rectify_within text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid
    )`);
    await runner.query(`INSERT INTO dispatch.sla_policies (severity, ack_within, rectify_within) VALUES
      ('urgent', 'PT2H', 'P1D'), ('high', 'PT8H', 'P3D'), ('normal', 'P1D', 'P7D')`);
    await runner.query(`CREATE TABLE dispatch.cases (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      school_id uuid NOT NULL,
      category text NOT NULL,
      severity text NOT NULL,
      status text NOT NULL,
      reported_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await runner.query('CREATE INDEX cases_status_idx ON dispatch.cases (status, reported_at DESC)');
    await runner.query(`CREATE TABLE dispatch.case_transitions (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES dispatch.cases (id),
      from_status text,
      to_status text NOT NULL,
      command text NOT NULL,
      actor_id text NOT NULL,
      reason text,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query('CREATE INDEX case_transitions_case_idx ON dispatch.case_transitions (case_id, at)');
    await runner.query(`CREATE TABLE dispatch.tasks (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES dispatch.cases (id),
      unit_id uuid NOT NULL,
      role text NOT NULL,
      status text NOT NULL,
      ack_due_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query('CREATE INDEX tasks_unit_idx ON dispatch.tasks (unit_id, created_at DESC)');
    await runner.query('CREATE INDEX tasks_case_idx ON dispatch.tasks (case_id)');
    await runner.query(`CREATE TABLE dispatch.deadlines (
      id uuid PRIMARY KEY,
      task_id uuid NOT NULL REFERENCES dispatch.tasks (id),
      kind text NOT NULL,
      version integer NOT NULL,
      due_at timestamptz NOT NULL,
      fired_at timestamptz,
      cancelled_at timestamptz,
      UNIQUE (task_id, kind, version)
    )`);
    await runner.query(
      'CREATE INDEX deadlines_pending_idx ON dispatch.deadlines (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['deadlines', 'tasks', 'case_transitions', 'cases', 'sla_policies', 'units']) {
      await runner.query(`DROP TABLE dispatch.${table}`);
    }
    for (const sql of messagingTablesDown('dispatch')) await runner.query(sql);
  }
}
