import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organisation's code is unique whatever its case: `dm-s004` typed in a spreadsheet is the school
 * `DM-S004`, not a second one. Adding organisations relies on it (`ON CONFLICT DO NOTHING`).
 */
export class OrganisationCodeAnyCase1769300000000 implements MigrationInterface {
  name = 'OrganisationCodeAnyCase1769300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE UNIQUE INDEX organisations_code_any_case_idx ON identity.organisations (lower(code))');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX identity.organisations_code_any_case_idx');
  }
}
