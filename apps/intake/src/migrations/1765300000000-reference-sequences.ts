import type { MigrationInterface, QueryRunner } from 'typeorm';

/** References are numbered from a sequence per year instead of a counter row every report had to lock. */
export class ReferenceSequences1765300000000 implements MigrationInterface {
  name = 'ReferenceSequences1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT year, last FROM intake.reference_counters LOOP
          EXECUTE format('CREATE SEQUENCE IF NOT EXISTS intake.reference_%s START %s', r.year, r.last + 1);
        END LOOP;
      END $$`);
    await runner.query('DROP TABLE intake.reference_counters');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE intake.reference_counters (year integer PRIMARY KEY, last integer NOT NULL)');
    await runner.query(`DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT sequencename, last_value FROM pg_sequences
                  WHERE schemaname = 'intake' AND sequencename ~ '^reference_[0-9]+$' LOOP
          INSERT INTO intake.reference_counters VALUES
            (substring(r.sequencename from 11)::integer, coalesce(r.last_value, 0));
          EXECUTE format('DROP SEQUENCE intake.%I', r.sequencename);
        END LOOP;
      END $$`);
  }
}
