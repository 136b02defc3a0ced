import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments linked by other services' events: a case's rectification evidence (dispatch), an
 * inspection's or a term checklist's files (grading). `attached_unit_id` is the unit that rectified,
 * `attached_school_id` the inspected school; both only what the access rule needs.
 */
export class AttachmentsElsewhere1767700000000 implements MigrationInterface {
  name = 'AttachmentsElsewhere1767700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE intake.attachments DROP CONSTRAINT attachments_attached_kind_check');
    await runner.query(`ALTER TABLE intake.attachments
      ADD CONSTRAINT attachments_attached_kind_check
        CHECK (attached_kind IN ('report', 'tip', 'message', 'evidence', 'inspection', 'checklist')),
      ADD COLUMN attached_unit_id uuid,
      ADD COLUMN attached_school_id uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM intake.attachments WHERE attached_kind IN ('evidence', 'inspection', 'checklist')`);
    await runner.query(`ALTER TABLE intake.attachments DROP CONSTRAINT attachments_attached_kind_check,
      DROP COLUMN attached_unit_id, DROP COLUMN attached_school_id`);
    await runner.query(`ALTER TABLE intake.attachments
      ADD CONSTRAINT attachments_attached_kind_check CHECK (attached_kind IN ('report', 'tip', 'message'))`);
  }
}
