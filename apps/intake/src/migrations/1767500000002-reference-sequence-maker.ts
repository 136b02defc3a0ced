import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each year's reference sequence is made on first use. Intake runs as a role that may not create
 * anything in its schema, so the schema's owner provides a function that makes exactly those
 * sequences (a validated name, nothing else) with the owner's rights; the owner's default privileges
 * (set with the role's grants) let the role use them.
 */
export class ReferenceSequenceMaker1767500000002 implements MigrationInterface {
  name = 'ReferenceSequenceMaker1767500000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE FUNCTION intake.ensure_reference_sequence(name text) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
      BEGIN
        IF name !~ '^(reference|tip_reference)_[0-9]{4}$' THEN
          RAISE EXCEPTION 'not a reference sequence: %', name;
        END IF;
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS intake.%I', name);
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP FUNCTION intake.ensure_reference_sequence(text)');
  }
}
