import type { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '#libs/messaging';

export class Initial1764300000000 implements MigrationInterface {
  name = 'Initial1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp('identity')) await runner.query(sql);
    await runner.query(`CREATE TABLE identity.organisations (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE identity.users (
      id uuid PRIMARY KEY,
      username text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL,
      org_id uuid NOT NULL REFERENCES identity.organisations (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`);
    await runner.query('CREATE UNIQUE INDEX users_username_idx ON identity.users (lower(username))');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE identity.users');
    await runner.query('DROP TABLE identity.organisations');
    for (const sql of messagingTablesDown('identity')) await runner.query(sql);
  }
}
