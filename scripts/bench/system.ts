import { cpus } from 'node:os';
import { connect } from '@nats-io/transport-node';
import { CaseStatusChanged, eventSubject, SERVICES } from '#libs/contracts';
import { sleep, TEST_NATS_URL, type TestSystem, waitFor } from '#libs/testing';
import type { Results } from './figures.js';
import { closedLoop, KeepAliveClient, openLoop, percentile } from './http-load.js';
import { Limit } from './limits/index.js';
import type { BenchContext } from './options.js';
import { cpuBetween, pidsNamed, type ProcessGroups, rssMbOf, sampleCpu } from './proc.js';

const REPORT = {
  category: 'bullying',
  severity: 'normal',
  title: 'Benchmark',
  description: 'Benchmark report',
  location: 'Yard',
};
const OWN_BACKENDS = "  of which this run's database backends";
/** Long enough after start for the services' first timers and connections to settle. */
const IDLE_SETTLE_MS = 3000;

/** Start → healthy and idle resident memory of each service process, right after the system started. */
export async function benchStartup(context: BenchContext, results: Results, system: TestSystem): Promise<void> {
  await sleep(IDLE_SETTLE_MS);
  for (const service of SERVICES) {
    const ms = system.startupMsOf(service);
    if (ms !== undefined) {
      results.add({
        key: `startup.${service}`,
        label: `${service}: start → healthy`,
        value: ms / 1000,
        unit: 's',
        goal: { op: '<=', value: 10 },
      });
    }
  }
  for (const service of SERVICES) {
    const pid = system.processOf(service)?.pid;
    const rss = pid === undefined ? undefined : rssMbOf(pid);
    if (rss !== undefined) {
      results.add({
        key: `idle-rss.${service}`,
        label: `${service}: idle RSS`,
        value: rss,
        unit: 'MB',
        goal: { op: '<=', value: 150 },
      });
    }
  }
  context.log('startup: the gateway starts first, the other four together (as TestSystem and compose do)');
}

/** Each service process, and every process of the three servers (shared with whatever else runs here). */
function processGroups(system: TestSystem, ownBackends: () => number[]): ProcessGroups {
  const groups: ProcessGroups = {};
  for (const service of SERVICES) {
    groups[service] = () => {
      const pid = system.processOf(service)?.pid;
      return pid === undefined ? [] : [pid];
    };
  }
  groups.postgres = () => pidsNamed('postgres');
  groups[OWN_BACKENDS] = ownBackends;
  groups['nats-server'] = () => pidsNamed('nats-server');
  groups['redis-server'] = () => pidsNamed('redis-server');
  return groups;
}

/**
 * Whistle reports through the whole system: (a) a closed loop of keep-alive clients, as
 * accepted/s and carried into dispatch/s, with the CPU each process spent per report; (b) an open
 * loop at a fixed rate, with latency from POST sent to the case's REPORTED event on NATS.
 */
export async function benchReports(context: BenchContext, results: Results, system: TestSystem): Promise<void> {
  const { reports, concurrency, rate, openSeconds } = context.options;
  const token = await system.tokenFor('school.reporter');
  const countCases = async () =>
    (await system.query<{ n: number }>('SELECT count(*)::int AS n FROM dispatch.cases'))[0].n;

  // Warm-up: JIT, connection pools and the consumers' first fetches, out of the measured phase.
  const warm = new KeepAliveClient(system.url(''), 8);
  const warmBefore = await countCases();
  await closedLoop(50, 8, async () => void (await warm.send('POST', '/api/whistle-reports', { body: REPORT, token })));
  await waitFor('the warm-up reports in dispatch', async () => (await countCases()) - warmBefore >= 50, {
    timeoutMs: 60_000,
    intervalMs: 20,
  });
  warm.close();

  context.log(`reports: closed loop, ${reports} reports from ${concurrency} keep-alive clients`);
  const client = new KeepAliveClient(system.url(''), concurrency);
  // Postgres is shared: its backends serving this run's database, apart, for a figure others' tests do not inflate.
  let ownBackends: number[] = [];
  const groups = processGroups(system, () => ownBackends);
  const findOwnBackends = async () => {
    const rows = await system.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    ownBackends = rows.map((row) => row.pid);
  };
  await findOwnBackends();
  const before = await countCases();
  let accepted = 0;
  let failed = 0;
  const cpuBefore = sampleCpu(groups);
  const loadBefore = process.cpuUsage();
  const started = performance.now();
  await closedLoop(reports, concurrency, async () => {
    const response = await client.send('POST', '/api/whistle-reports', { body: REPORT, token }).catch(() => undefined);
    if (response?.status === 201) accepted += 1;
    else failed += 1;
  });
  const acceptedSeconds = (performance.now() - started) / 1000;
  if (accepted === 0) throw new Error(`no report was accepted (${failed} failed)`);
  await waitFor('every accepted report as a case in dispatch', async () => (await countCases()) - before >= accepted, {
    timeoutMs: 300_000,
    intervalMs: 20,
  });
  const carriedSeconds = (performance.now() - started) / 1000;
  await findOwnBackends();
  const cpu = cpuBetween(cpuBefore, sampleCpu(groups));
  const load = process.cpuUsage(loadBefore);
  client.close();

  const commits = results.limit(Limit.PostgresCommits);
  results.add({
    key: 'reports.accepted',
    label: `reports accepted (closed loop, ${concurrency} clients)`,
    value: accepted / acceptedSeconds,
    unit: 'reports/s',
    limit: commits,
  });
  results.add({
    key: 'reports.carried',
    label: 'reports carried into dispatch.cases',
    value: accepted / carriedSeconds,
    unit: 'reports/s',
    goal: { op: '>=', value: 1500 },
    limit: commits,
  });
  if (failed > 0) context.log(`reports: ${failed} of ${reports} POSTs were not accepted`);

  const perReport = Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [name, ms / accepted]));
  const systemMs = Object.entries(perReport)
    .filter(([name]) => name !== OWN_BACKENDS)
    .reduce((sum, [, ms]) => sum + ms, 0);
  const loadMs = (load.user + load.system) / 1000 / accepted;
  results.details.cpuPerReport = { ...perReport, 'system (total)': systemMs, loadGenerator: loadMs, reports: accepted };
  results.add({ key: 'cpu.per-report', label: 'CPU per report, system (all processes)', value: systemMs, unit: 'ms' });
  results.add({
    key: 'cpu.ceiling',
    label: 'CPU-bound ceiling (cores × 1000 ÷ CPU ms per report)',
    value: (cpus().length * 1000) / systemMs,
    unit: 'reports/s',
  });

  context.log(`reports: open loop, ${rate}/s for ${openSeconds} s`);
  const latency = await openLoopLatency(system, token, rate, openSeconds);
  results.details.openLoop = latency.summary;
  const label = `open loop ${rate}/s: POST → case REPORTED`;
  results.add({ key: 'latency.p50', label: `${label}, p50`, value: latency.summary.p50, unit: 'ms' });
  results.add({ key: 'latency.p95', label: `${label}, p95`, value: latency.summary.p95, unit: 'ms' });
  results.add({
    key: 'latency.p99',
    label: `${label}, p99`,
    value: latency.summary.p99,
    unit: 'ms',
    goal: { op: '<=', value: 50 },
  });
  results.add({ key: 'latency.max', label: `${label}, max`, value: latency.summary.max, unit: 'ms' });
  results.add({
    key: 'latency.missing',
    label: `${label}, never arrived`,
    value: latency.summary.missing,
    unit: `of ${latency.summary.accepted}`,
    goal: { op: '<=', value: 0 },
  });
}

async function openLoopLatency(system: TestSystem, token: string, rate: number, seconds: number) {
  const nats = await connect({ servers: TEST_NATS_URL, name: 'campus-whistle-bench' });
  const reported = new Map<string, number>();
  nats.subscribe(eventSubject(system.isolation.natsNamespace, CaseStatusChanged.type), {
    callback: (error, msg) => {
      if (error) return;
      try {
        const envelope = msg.json<{ payload?: { caseId?: string; to?: string } }>();
        if (envelope.payload?.to === 'REPORTED' && envelope.payload.caseId) {
          reported.set(envelope.payload.caseId, performance.now());
        }
      } catch {
        // not an envelope: not ours to judge here
      }
    },
  });
  await nats.flush();
  const client = new KeepAliveClient(system.url(''));
  const sentAt = new Map<string, number>();
  const answers: Array<Promise<void>> = [];
  let failed = 0;
  try {
    await openLoop(rate, seconds, () => {
      const sent = performance.now();
      answers.push(
        client.send('POST', '/api/whistle-reports', { body: REPORT, token }).then(
          (response) => {
            if (response.status === 201 && typeof response.body?.id === 'string') sentAt.set(response.body.id, sent);
            else failed += 1;
          },
          () => void (failed += 1),
        ),
      );
    });
    await Promise.all(answers);
    await waitFor('every accepted report to reach REPORTED', () => [...sentAt.keys()].every((id) => reported.has(id)), {
      timeoutMs: 10_000,
      intervalMs: 20,
    }).catch(() => undefined);
  } finally {
    client.close();
    await nats.close();
  }
  const latencies = [...sentAt]
    .filter(([id]) => reported.has(id))
    .map(([id, sent]) => reported.get(id)! - sent)
    .sort((a, b) => a - b);
  return {
    summary: {
      rate,
      seconds,
      sent: answers.length,
      accepted: sentAt.size,
      failed,
      missing: sentAt.size - latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
    },
  };
}
