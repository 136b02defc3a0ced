import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per county date whose daily digests were made: the claim that makes them once across processes. */
export class DailyDigests1767300000000 implements MigrationInterface {
  name = 'DailyDigests1767300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE dispatch.daily_digests (
      day date PRIMARY KEY,
      made_at timestamptz NOT NULL DEFAULT now(),
      units int
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dispatch.daily_digests');
  }
}
