import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * intake.field_reads chained each row to the row with the highest id, but the id came from its
 * default before the chaining lock was taken: two concurrent reads could commit in one order and
 * hold ids in the other, and a walk by id would see a broken link that is not one. The row now takes
 * its id under the lock (held until commit), so id order is chain order.
 */
export class FieldReadsOrder1767500000001 implements MigrationInterface {
  name = 'FieldReadsOrder1767500000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE OR REPLACE FUNCTION intake.field_reads_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- One writer at a time, so each row names the true previous hash.
        PERFORM pg_advisory_xact_lock(hashtext('intake.field_reads'));
        NEW.id := nextval(pg_get_serial_sequence('intake.field_reads', 'id'));
        SELECT hash INTO NEW.prev_hash FROM intake.field_reads ORDER BY id DESC LIMIT 1;
        NEW.prev_hash := coalesce(NEW.prev_hash, '');
        NEW.hash := encode(sha256(convert_to(concat_ws('|', NEW.prev_hash, NEW.actor_id, NEW.actor_role,
          NEW.subject, NEW.subject_id, array_to_string(NEW.fields, ','), to_char(NEW.read_at AT TIME ZONE 'UTC',
          'YYYY-MM-DD"T"HH24:MI:SS.US')), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE OR REPLACE FUNCTION intake.field_reads_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('intake.field_reads'));
        SELECT hash INTO NEW.prev_hash FROM intake.field_reads ORDER BY id DESC LIMIT 1;
        NEW.prev_hash := coalesce(NEW.prev_hash, '');
        NEW.hash := encode(sha256(convert_to(concat_ws('|', NEW.prev_hash, NEW.actor_id, NEW.actor_role,
          NEW.subject, NEW.subject_id, array_to_string(NEW.fields, ','), to_char(NEW.read_at AT TIME ZONE 'UTC',
          'YYYY-MM-DD"T"HH24:MI:SS.US')), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
  }
}
