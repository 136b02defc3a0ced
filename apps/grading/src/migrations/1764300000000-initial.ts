import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '#libs/messaging';

export class Initial1764300000000 implements MigrationInterface {
  name = 'Initial1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('grading')) await runner.query(sql);
    await runner.query(`CREATE TABLE grading.school_case_stats (
      school_id uuid PRIMARY KEY,
      reported integer NOT NULL DEFAULT 0,
      closed integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE grading.school_case_stats');
    for (const sql of messagingTablesDown('grading')) await runner.query(sql);
  }
}
