import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RUBRIC } from '../rubric/default-rubric.js';

/**
 * Grading proper: its copy of the schools, the facts it keeps from dispatch's events (cases and
 * tasks, aggregated only when a quarter is graded), inspections, checklists, versioned rubrics,
 * the quarterly gradings with each school's grade, and appeals beside published grades.
 * The per-school counters of the first migration are replaced by the case facts.
 */
export class Grading1766300000000 implements MigrationInterface {
  name = 'Grading1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE grading.school_case_stats');
    await runner.query(`CREATE TABLE grading.schools (
      id uuid PRIMARY KEY,
      code text NOT NULL,
      name text NOT NULL
    )`);
    // A case as grading needs it; any of its events may arrive first, so all but the school may be null.
    await runner.query(`CREATE TABLE grading.cases (
      case_id uuid PRIMARY KEY,
      school_id uuid NOT NULL,
      source text,
      category text,
      life_safety boolean NOT NULL DEFAULT false,
      opened_at timestamptz,
      status text,
      status_sequence integer NOT NULL DEFAULT 0,
      closed_at timestamptz
    )`);
    await runner.query('CREATE INDEX cases_opened_at ON grading.cases (opened_at)');
    await runner.query(`CREATE TABLE grading.case_tasks (
      task_id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      ack_due_at timestamptz,
      acknowledged_at timestamptz,
      ack_breached_at timestamptz,
      rectify_breached_at timestamptz
    )`);
    await runner.query('CREATE INDEX case_tasks_case ON grading.case_tasks (case_id)');
    await runner.query(`CREATE TABLE grading.inspections (
      id uuid PRIMARY KEY,
      school_id uuid NOT NULL,
      kind text NOT NULL,
      campaign text,
      at timestamptz NOT NULL,
      findings jsonb NOT NULL,
      minor_findings integer NOT NULL,
      major_findings integer NOT NULL,
      critical_findings integer NOT NULL,
      attachment_ids uuid[] NOT NULL DEFAULT '{}',
      inspector_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query('CREATE INDEX inspections_at ON grading.inspections (at)');
    await runner.query('CREATE INDEX inspections_school ON grading.inspections (school_id, created_at DESC, id DESC)');
    await runner.query('CREATE INDEX inspections_created ON grading.inspections (created_at DESC, id DESC)');
    await runner.query(`CREATE TABLE grading.checklists (
      school_id uuid NOT NULL,
      term text NOT NULL,
      items jsonb NOT NULL,
      done_count integer NOT NULL,
      updated_by uuid NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (school_id, term)
    )`);
    await runner.query(`CREATE TABLE grading.rubrics (
      version integer PRIMARY KEY,
      definition jsonb NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query('INSERT INTO grading.rubrics (version, definition) VALUES (1, $1)', [
      JSON.stringify(DEFAULT_RUBRIC),
    ]);
    await runner.query(`CREATE TABLE grading.gradings (
      quarter text PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('draft', 'published')),
      rubric_version integer NOT NULL REFERENCES grading.rubrics (version),
      drafted_at timestamptz NOT NULL,
      published_at timestamptz
    )`);
    // inputs: the run's inputs in the order of GRADING_INPUTS; the breakdown is the rubric applied to them.
    await runner.query(`CREATE TABLE grading.grades (
      quarter text NOT NULL REFERENCES grading.gradings (quarter),
      school_id uuid NOT NULL,
      score numeric(8, 2) NOT NULL,
      tier text NOT NULL,
      previous_tier text,
      move text NOT NULL,
      vetoes jsonb NOT NULL,
      reasons jsonb NOT NULL,
      inputs integer[] NOT NULL,
      PRIMARY KEY (quarter, school_id)
    )`);
    await runner.query('CREATE INDEX grades_school ON grading.grades (school_id, quarter)');
    await runner.query(`CREATE TABLE grading.appeals (
      id uuid PRIMARY KEY,
      quarter text NOT NULL,
      school_id uuid NOT NULL,
      reason text NOT NULL,
      filed_by uuid NOT NULL,
      filed_at timestamptz NOT NULL DEFAULT now(),
      decision text CHECK (decision IN ('uphold', 'amend')),
      amended_tier text,
      decision_reason text,
      decided_by uuid,
      decided_at timestamptz,
      FOREIGN KEY (quarter, school_id) REFERENCES grading.grades (quarter, school_id)
    )`);
    // One undecided appeal per school and quarter.
    await runner.query(
      'CREATE UNIQUE INDEX appeals_open ON grading.appeals (quarter, school_id) WHERE decision IS NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'appeals',
      'grades',
      'gradings',
      'rubrics',
      'checklists',
      'inspections',
      'case_tasks',
      'cases',
      'schools',
    ]) {
      await runner.query(`DROP TABLE grading.${table}`);
    }
    await runner.query(`CREATE TABLE grading.school_case_stats (
      school_id uuid PRIMARY KEY,
      reported integer NOT NULL DEFAULT 0,
      closed integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }
}
