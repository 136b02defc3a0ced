import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per command and per read of personal data that passed the gateway, chained by
 * hash (computed by the gateway, see audit/audit-chain.ts). Triggers refuse UPDATE, DELETE and TRUNCATE,
 * so only someone who can switch triggers off (the schema's owner, a superuser) can change it, and then
 * `npm run audit -- verify` names the first broken link.
 */
export class AuditLog1767500000000 implements MigrationInterface {
  name = 'AuditLog1767500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE identity.audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_role text NOT NULL,
      action text NOT NULL,
      object_id text,
      outcome integer NOT NULL,
      correlation_id text,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`);
    await runner.query(`CREATE FUNCTION identity.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'identity.audit_log is append-only';
      END $$`);
    await runner.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON identity.audit_log
      FOR EACH ROW EXECUTE FUNCTION identity.audit_log_append_only()`);
    await runner.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON identity.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION identity.audit_log_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE identity.audit_log');
    await runner.query('DROP FUNCTION identity.audit_log_append_only()');
  }
}
