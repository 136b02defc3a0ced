import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh tokens (only their SHA-256 is stored), grouped in families: each refresh uses one up and
 * issues the next of the family; a used one coming back means it leaked, and the family is revoked.
 * Users get a display name for the administration API.
 */
export class RefreshTokens1766600000000 implements MigrationInterface {
  name = 'RefreshTokens1766600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE identity.refresh_tokens (
      id uuid PRIMARY KEY,
      family_id uuid NOT NULL,
      user_id uuid NOT NULL REFERENCES identity.users (id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz
    )`);
    await runner.query('CREATE INDEX refresh_tokens_family_idx ON identity.refresh_tokens (family_id)');
    await runner.query('CREATE INDEX refresh_tokens_user_idx ON identity.refresh_tokens (user_id)');
    await runner.query('ALTER TABLE identity.users ADD COLUMN display_name text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE identity.users DROP COLUMN display_name');
    await runner.query('DROP TABLE identity.refresh_tokens');
  }
}
