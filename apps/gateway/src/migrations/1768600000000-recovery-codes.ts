import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One-time recovery codes for a lost authenticator: only their hashes, each used once. */
export class RecoveryCodes1768600000000 implements MigrationInterface {
  name = 'RecoveryCodes1768600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE identity.recovery_codes (
      user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (user_id, code_hash)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE identity.recovery_codes');
  }
}
