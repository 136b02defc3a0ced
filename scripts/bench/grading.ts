/**
 * The quarterly grading run at county scale: BENCH_GRADING_SCHOOLS schools (100k) with a quarter of
 * inputs (cases, tasks, inspections, checklists) generated set-based in SQL straight into grading's
 * tables, then the run itself in-process (the same use case the RPC calls: one set-based read of
 * every school's inputs, scoring in TypeScript, grades written in array statements), beside one
 * plain SQL aggregate over the same data. Only PostgreSQL is needed.
 */
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions, runMigrations } from '#libs/persistence';
import { createIsolation, destroyIsolation } from '#libs/testing';
import type { GradingConfig } from '../../apps/grading/src/config.js';
import { GRADING_INPUTS_SQL } from '../../apps/grading/src/gradings/grading-inputs.sql.js';
import { RunGradingUseCase } from '../../apps/grading/src/gradings/run-grading.use-case.js';
import { gradingMigrations } from '../../apps/grading/src/migrations/index.js';
import { quarterBounds, quarterOf, termOfQuarter } from '../../apps/grading/src/quarters/quarters.js';
import { RubricsService } from '../../apps/grading/src/rubric/rubrics.service.js';
import type { Results } from './figures.js';
import type { BenchContext } from './options.js';

const ZONE = 'Asia/Shanghai';

export async function benchGrading(context: BenchContext, results: Results): Promise<void> {
  const schools = Number(process.env.BENCH_GRADING_SCHOOLS ?? 100_000);
  const isolation = await createIsolation();
  const dataSource = new DataSource({
    ...serviceDataSourceOptions({
      url: isolation.databaseUrl,
      schema: 'grading',
      entities: [],
      migrations: gradingMigrations,
      poolSize: 2,
    }),
  });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, 'grading');
    // The last quarter that has ended: its inputs are all in the past.
    const now = new Date();
    const quarter = quarterOf(new Date(quarterBounds(quarterOf(now, ZONE), ZONE).start.getTime() - 1), ZONE);
    const { start, end } = quarterBounds(quarter, ZONE);
    const seconds = `extract(epoch FROM ($2::timestamptz - $1::timestamptz))`;

    context.log(`grading: generating ${schools} schools with a quarter (${quarter}) of inputs`);
    const generated = performance.now();
    await dataSource.query(
      `INSERT INTO grading.schools (id, code, name)
       SELECT gen_random_uuid(), 'S' || n, 'School ' || n FROM generate_series(1, $1) n`,
      [schools],
    );
    // Three cases a school on average (0–6), a few from tips, some closed; two tasks a case.
    await dataSource.query(
      `INSERT INTO grading.cases (case_id, school_id, source, category, life_safety, opened_at, status, status_sequence, closed_at)
       SELECT gen_random_uuid(), s.id,
              CASE WHEN random() < 0.03 THEN 'tip' ELSE 'report' END,
              (ARRAY['psychological','bullying','public-safety','dropout','sunshine-school'])[1 + floor(random() * 5)::int],
              random() < 0.001,
              o.at, 'ASSIGNED', 3, CASE WHEN random() < 0.4 THEN o.at + interval '3 days' END
         FROM grading.schools s
         CROSS JOIN LATERAL generate_series(1, floor(random() * 7)::int + (s.id IS NULL)::int) k
         CROSS JOIN LATERAL (SELECT $1::timestamptz + random() * ${seconds} * interval '1 second' AS at) o`,
      [start, end],
    );
    await dataSource.query(
      `INSERT INTO grading.case_tasks (task_id, case_id, ack_due_at, acknowledged_at, ack_breached_at, rectify_breached_at)
       SELECT gen_random_uuid(), c.case_id, c.opened_at + interval '2 hours',
              CASE WHEN r < 0.9 THEN c.opened_at + interval '1 hour' END,
              CASE WHEN r >= 0.9 THEN c.opened_at + interval '2 hours' END,
              CASE WHEN random() < 0.05 THEN c.opened_at + interval '7 days' END
         FROM grading.cases c CROSS JOIN generate_series(1, 2) CROSS JOIN LATERAL (SELECT random() AS r) x`,
    );
    await dataSource.query(
      `INSERT INTO grading.inspections (id, school_id, kind, at, findings, minor_findings, major_findings, critical_findings, inspector_id)
       SELECT gen_random_uuid(), s.id, 'patrol', $1::timestamptz + interval '20 days', '[]',
              floor(random() * 4)::int, floor(random() * 2)::int, (random() < 0.01)::int, gen_random_uuid()
         FROM grading.schools s`,
      [start],
    );
    await dataSource.query(
      `INSERT INTO grading.checklists (school_id, term, items, done_count, updated_by)
       SELECT s.id, $1, '{}', floor(random() * 7)::int, gen_random_uuid() FROM grading.schools s`,
      [termOfQuarter(quarter)],
    );
    await dataSource.query('ANALYZE');
    const [{ cases, tasks }] = await dataSource.query<Array<{ cases: number; tasks: number }>>(
      `SELECT (SELECT count(*)::int FROM grading.cases) AS cases, (SELECT count(*)::int FROM grading.case_tasks) AS tasks`,
    );
    context.log(
      `grading: ${cases} cases, ${tasks} tasks generated in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    );

    // One plain aggregate over the same data: cases and their tasks per school in the quarter.
    const plainStarted = performance.now();
    await dataSource.query(
      `SELECT k.school_id, count(DISTINCT k.case_id), count(t.task_id), count(t.ack_breached_at)
         FROM grading.cases k LEFT JOIN grading.case_tasks t ON t.case_id = k.case_id
        WHERE k.opened_at >= $1 AND k.opened_at < $2 GROUP BY k.school_id`,
      [start, end],
    );
    const plainSeconds = (performance.now() - plainStarted) / 1000;
    const inputsStarted = performance.now();
    await dataSource.query(GRADING_INPUTS_SQL, [start, end, termOfQuarter(quarter), quarter]);
    const inputsSeconds = (performance.now() - inputsStarted) / 1000;

    const config = { COUNTY_TIMEZONE: ZONE } as GradingConfig;
    const run = new RunGradingUseCase(dataSource, new RubricsService(dataSource), config);
    const runStarted = performance.now();
    const made = await run.execute(quarter);
    const runSeconds = (performance.now() - runStarted) / 1000;
    if (made?.schools !== schools) throw new Error(`graded ${made?.schools} schools, expected ${schools}`);
    context.log(
      `grading: run ${runSeconds.toFixed(1)} s; inputs statement ${inputsSeconds.toFixed(1)} s; plain aggregate ${plainSeconds.toFixed(1)} s`,
    );

    results.add({
      key: 'grading.plain-aggregate',
      label: `grading: one plain SQL aggregate over the quarter (${cases} cases, ${tasks} tasks)`,
      value: plainSeconds,
      unit: 's',
    });
    results.add({
      key: 'grading.inputs',
      label: 'grading: the run’s set-based inputs statement alone',
      value: inputsSeconds,
      unit: 's',
    });
    results.add({
      key: 'grading.run',
      label: `grading: a quarterly draft of ${schools} schools (read, score, write)`,
      value: runSeconds,
      unit: 's',
      goal: { op: '<=', value: 60 },
    });
    results.details.grading = { schools, cases, tasks, quarter, runSeconds, inputsSeconds, plainSeconds };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await destroyIsolation(isolation);
  }
}
