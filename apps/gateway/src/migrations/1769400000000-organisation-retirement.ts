import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations are renamed and retired, never deleted (cases, tasks, grades and users name them):
 * `retired_at` marks one out of service, `revision` counts its states (1: as registered) and goes with
 * `gateway.organisation.changed`, so the services' copies keep the newest whatever the order of delivery.
 */
export class OrganisationRetirement1769400000000 implements MigrationInterface {
  name = 'OrganisationRetirement1769400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE identity.organisations
         ADD COLUMN retired_at timestamptz,
         ADD COLUMN revision integer NOT NULL DEFAULT 1`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE identity.organisations DROP COLUMN revision, DROP COLUMN retired_at');
  }
}
