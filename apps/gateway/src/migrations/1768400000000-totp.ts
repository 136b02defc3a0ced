import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A second factor (TOTP) per user: the active secret and one being set up, both encrypted with the
 * gateway's TOTP key ring; when it was turned on; and the last time step a code was accepted for, so a
 * code (or an older one still inside the window) cannot be used twice.
 */
export class Totp1768400000000 implements MigrationInterface {
  name = 'Totp1768400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE identity.users
      ADD COLUMN totp_secret text,
      ADD COLUMN totp_pending_secret text,
      ADD COLUMN totp_enabled_at timestamptz,
      ADD COLUMN totp_last_step bigint,
      ADD CONSTRAINT users_totp_enabled_has_secret CHECK ((totp_enabled_at IS NULL) = (totp_secret IS NULL))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE identity.users
      DROP CONSTRAINT users_totp_enabled_has_secret,
      DROP COLUMN totp_last_step,
      DROP COLUMN totp_enabled_at,
      DROP COLUMN totp_pending_secret,
      DROP COLUMN totp_secret`);
  }
}
