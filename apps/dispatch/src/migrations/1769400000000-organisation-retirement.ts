import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations are renamed and retired (`gateway.organisation.changed`): dispatch's copy of the units keeps when
 * each was retired, and the revision of the directory's state it holds (1: as registered), so an older
 * event delivered late or replayed never overwrites a newer one.
 */
export class OrganisationRetirement1769400000000 implements MigrationInterface {
  name = 'OrganisationRetirement1769400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE dispatch.units ADD COLUMN retired_at timestamptz, ADD COLUMN revision integer NOT NULL DEFAULT 1',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dispatch.units DROP COLUMN revision, DROP COLUMN retired_at');
  }
}
