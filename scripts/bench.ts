/**
 * Benchmarks of the walking skeleton on this machine, against the real servers:
 *   npm run bench
 * 1. latency: case assigned (HTTP) → task-assigned notification in the unit's inbox (HTTP poll);
 * 2. throughput: whistle reports accepted by the gateway, and carried through intake into dispatch.
 * Every service runs as its own process, as in production; numbers include all of it.
 */
import { cpus } from 'node:os';
import { sleep, TestSystem, waitFor } from '#libs/testing';

const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 30);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const system = await TestSystem.start({ env: { LOG_LEVEL: 'warn' } });
try {
  const units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body.items as Array<{
    id: string;
    code: string;
  }>;
  const psb = units.find((u) => u.code === 'DM-PSB')!.id;
  const body = {
    category: 'bullying',
    severity: 'normal',
    title: 'Benchmark',
    description: 'Benchmark report',
    location: 'Yard',
  };
  const submit = () => system.api('POST', '/api/whistle-reports', { as: 'school.reporter', body });
  await system.tokenFor('police.handler');
  await system.tokenFor('taskforce.dispatcher');

  // 1. Latency from a report to its case in the task force's list, and from assignment to the unit's inbox.
  const toCaseList: number[] = [];
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
    const posted = performance.now();
    const report = (await submit()).body as { id: string };
    await waitFor(
      'case',
      async () => {
        const cases = (await system.api('GET', '/api/cases?status=REPORTED', { as: 'taskforce.dispatcher' })).body
          .items;
        return (cases as Array<{ id: string }>).some((c) => c.id === report.id);
      },
      { intervalMs: 2 },
    );
    toCaseList.push(performance.now() - posted);
    const started = performance.now();
    const assigned = await system.api('POST', `/api/cases/${report.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, severity: 'normal' },
    });
    const taskId = assigned.body.tasks[0].id as string;
    await waitFor(
      'notification',
      async () => {
        const inbox = (await system.api('GET', '/api/inbox', { as: 'police.handler' })).body.items as Array<{
          taskId: string;
        }>;
        return inbox.some((n) => n.taskId === taskId);
      },
      { intervalMs: 2 },
    );
    latencies.push(performance.now() - started);
  }

  // 2. Throughput of reports through the gateway and intake into dispatch.
  const before = (await system.query('SELECT count(*)::int AS n FROM dispatch.cases'))[0].n as number;
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REPORTS) {
        next += 1;
        if ((await submit()).status !== 201) failed += 1;
      }
    }),
  );
  const accepted = performance.now() - started;
  await waitFor(
    'every case in dispatch',
    async () => {
      const n = (await system.query('SELECT count(*)::int AS n FROM dispatch.cases'))[0].n as number;
      return n - before >= REPORTS - failed;
    },
    { timeoutMs: 300_000, intervalMs: 20 },
  );
  const carried = performance.now() - started;
  await sleep(100);

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  process.stdout.write(
    [
      `Campus Whistle benchmark — ${new Date().toISOString()}`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}; all five services + Postgres, Redis, NATS on this machine`,
      `command: npm run bench  (BENCH_LATENCY_SAMPLES=${LATENCY_SAMPLES} BENCH_REPORTS=${REPORTS} BENCH_CONCURRENCY=${CONCURRENCY})`,
      '',
      `report POST → case listed as REPORTED (n=${LATENCY_SAMPLES}): p50 ${ms(percentile(toCaseList, 50))}, p95 ${ms(percentile(toCaseList, 95))}, max ${ms(Math.max(...toCaseList))}`,
      `assign → unit inbox (n=${LATENCY_SAMPLES}): p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}`,
      `reports accepted by the gateway: ${REPORTS} in ${ms(accepted)} = ${(REPORTS / (accepted / 1000)).toFixed(0)} reports/s (${failed} failed, concurrency ${CONCURRENCY})`,
      `reports carried into dispatch:   ${REPORTS} in ${ms(carried)} = ${(REPORTS / (carried / 1000)).toFixed(0)} reports/s`,
      '',
    ].join('\n'),
  );
} finally {
  await system.stop();
}
