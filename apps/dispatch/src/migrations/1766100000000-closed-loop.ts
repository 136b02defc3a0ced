import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The closed loop: where a case came from and what the task force decided about it, each task's
 * rectification deadline and its unit's answers, the actor's role on the timeline, and the
 * default units per category (routing rules).
 */
export class ClosedLoop1766100000000 implements MigrationInterface {
  name = 'ClosedLoop1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE dispatch.cases
      ADD COLUMN source text NOT NULL DEFAULT 'report',
      ADD COLUMN source_id text,
      ADD COLUMN subcategory text,
      ADD COLUMN risk_level text,
      ADD COLUMN assessment_note text,
      ADD COLUMN life_safety boolean NOT NULL DEFAULT false,
      ADD COLUMN disputed boolean NOT NULL DEFAULT false,
      ADD COLUMN merged_into uuid REFERENCES dispatch.cases (id),
      ADD COLUMN verified_at timestamptz,
      ADD COLUMN auto_close_at timestamptz,
      ALTER COLUMN school_id DROP NOT NULL`);
    await runner.query('UPDATE dispatch.cases SET source_id = id::text');
    // One case per source item, however often its event is delivered.
    await runner.query('CREATE UNIQUE INDEX cases_source_idx ON dispatch.cases (source, source_id)');
    await runner.query(
      `CREATE INDEX cases_auto_close_idx ON dispatch.cases (auto_close_at) WHERE status = 'VERIFIED' AND auto_close_at IS NOT NULL`,
    );
    await runner.query('CREATE INDEX cases_school_page_idx ON dispatch.cases (school_id, reported_at DESC, id DESC)');
    await runner.query('CREATE SEQUENCE dispatch.case_reference_seq');
    await runner.query('ALTER TABLE dispatch.case_transitions ADD COLUMN actor_role text');
    await runner.query(`ALTER TABLE dispatch.tasks
      ADD COLUMN rectify_due_at timestamptz,
      ADD COLUMN progress_note text,
      ADD COLUMN feedback_at timestamptz,
      ADD COLUMN feedback_summary text,
      ADD COLUMN rectified_at timestamptz,
      ADD COLUMN rectify_summary text,
      ADD COLUMN evidence uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN declined_at timestamptz,
      ADD COLUMN decline_reason text`);
    await runner.query(`CREATE TABLE dispatch.routing_rules (
      category text NOT NULL,
      subcategory text NOT NULL DEFAULT '',
      lead_unit_id uuid NOT NULL,
      assisting_unit_ids uuid[] NOT NULL DEFAULT '{}',
      position integer NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      PRIMARY KEY (category, subcategory)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispatch.routing_rules');
    await runner.query(`ALTER TABLE dispatch.tasks
      DROP COLUMN rectify_due_at, DROP COLUMN progress_note, DROP COLUMN feedback_at, DROP COLUMN feedback_summary,
      DROP COLUMN rectified_at, DROP COLUMN rectify_summary, DROP COLUMN evidence, DROP COLUMN declined_at,
      DROP COLUMN decline_reason`);
    await runner.query('ALTER TABLE dispatch.case_transitions DROP COLUMN actor_role');
    await runner.query('DROP SEQUENCE dispatch.case_reference_seq');
    await runner.query('DROP INDEX dispatch.cases_school_page_idx');
    await runner.query('DROP INDEX dispatch.cases_auto_close_idx');
    await runner.query('DROP INDEX dispatch.cases_source_idx');
    await runner.query(`ALTER TABLE dispatch.cases
      DROP COLUMN source, DROP COLUMN source_id, DROP COLUMN subcategory, DROP COLUMN risk_level,
      DROP COLUMN assessment_note, DROP COLUMN life_safety, DROP COLUMN disputed, DROP COLUMN merged_into,
      DROP COLUMN verified_at, DROP COLUMN auto_close_at`);
  }
}
