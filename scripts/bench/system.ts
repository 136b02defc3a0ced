import { cpus } from 'node:os';
import { connect } from '@nats-io/transport-node';
import { CaseOpened, eventSubject, SERVICES, WhistleReportSubmitted } from '#libs/contracts';
import { sleep, TEST_NATS_URL, type TestSystem, waitFor } from '#libs/testing';
import type { Results } from './figures.js';
import { closedLoop, KeepAliveClient, openLoop, percentile } from './http-load.js';
import { Limit } from './limits/index.js';
import type { BenchContext } from './options.js';
import {
  growthBetween,
  pidsNamed,
  type ProcessGroups,
  rssMbOf,
  sampleProcesses,
  switchesOf,
  writeCallsOf,
} from './proc.js';

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
  // Transaction ids assigned so far: one per writing transaction (the bench's own reads take none). Postgres
  // counts them for the whole server, shared with whatever else runs here; its per-database commit
  // counters reach the statistics only seconds later.
  const writeTransactions = async () =>
    Number((await system.query<{ n: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS n'))[0].n);

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
  const cpuBefore = sampleProcesses(groups);
  const switchesBefore = sampleProcesses(groups, switchesOf);
  const writeCallsBefore = sampleProcesses(groups, writeCallsOf);
  const writesBefore = await writeTransactions();
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
  const cpu = growthBetween(cpuBefore, sampleProcesses(groups));
  const switches = growthBetween(switchesBefore, sampleProcesses(groups, switchesOf));
  const writeCalls = growthBetween(writeCallsBefore, sampleProcesses(groups, writeCallsOf));
  const writesAfter = await writeTransactions();
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

  const perReport = countsPerReport(cpu, accepted);
  const systemMs = systemTotal(perReport);
  const loadMs = (load.user + load.system) / 1000 / accepted;
  results.details.cpuPerReport = { ...perReport, 'system (total)': systemMs, loadGenerator: loadMs, reports: accepted };
  results.add({ key: 'cpu.per-report', label: 'CPU per report, system (all processes)', value: systemMs, unit: 'ms' });
  addInWakeUps(results, 'cpu.per-report.wake-ups', 'CPU per report, system', systemMs, Limit.WakeUpBusy);
  results.details.switchesPerReport = {
    ...countsPerReport(switches, accepted),
    'system (total)': addSwitches(results, 'switches.per-report', 'closed loop', switches, accepted),
  };
  results.details.writeCallsPerReport = {
    ...countsPerReport(writeCalls, accepted),
    'system (total)': systemTotal(writeCalls) / accepted,
  };
  results.add({
    key: 'writes.per-report',
    label: 'writing transactions per report (closed loop)',
    value: (writesAfter - writesBefore) / accepted,
    unit: 'transactions',
  });
  results.add({
    key: 'cpu.ceiling',
    label: 'CPU-bound ceiling (cores × 1000 ÷ CPU ms per report)',
    value: (cpus().length * 1000) / systemMs,
    unit: 'reports/s',
  });

  // The goal's rate, and a tenth of it: what a report costs when it comes alone, before batching helps.
  const quiet = Math.max(1, Math.round(rate / 10));
  const openLoops: Record<string, unknown> = {};
  results.details.openLoop = openLoops;
  for (const loopRate of [rate, quiet]) {
    context.log(`reports: open loop, ${loopRate}/s for ${openSeconds} s`);
    await findOwnBackends();
    const cpuAt = sampleProcesses(groups);
    const switchesAt = sampleProcesses(groups, switchesOf);
    const writesAt = await writeTransactions();
    const latency = await openLoopLatency(system, token, loopRate, openSeconds);
    await findOwnBackends();
    const accepted = latency.summary.accepted;
    if (accepted === 0) throw new Error(`open loop ${loopRate}/s: no report was accepted`);
    const cpuMs = growthBetween(cpuAt, sampleProcesses(groups));
    const switches = growthBetween(switchesAt, sampleProcesses(groups, switchesOf));
    const cost = {
      cpuMsPerReport: systemTotal(cpuMs) / accepted,
      writeTransactionsPerReport: ((await writeTransactions()) - writesAt) / accepted,
    };
    openLoops[`${loopRate}/s`] = {
      ...latency.summary,
      ...cost,
      switchesPerReport: countsPerReport(switches, accepted),
    };
    const label = `open loop ${loopRate}/s: POST → case REPORTED`;
    if (loopRate === rate) {
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
        unit: `of ${accepted}`,
        goal: { op: '<=', value: 0 },
      });
    } else {
      results.add({ key: 'latency.quiet.p50', label: `${label}, p50`, value: latency.summary.p50, unit: 'ms' });
      results.add({ key: 'latency.quiet.p99', label: `${label}, p99`, value: latency.summary.p99, unit: 'ms' });
    }
    const stages = latency.summary.stages;
    for (const [stage, { p50, p99 }] of Object.entries(stages)) {
      context.log(`open loop ${loopRate}/s: ${stage}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
    }
    results.add({
      key: `open.cpu-per-report.${loopRate}`,
      label: `open loop ${loopRate}/s: CPU per report, system`,
      value: cost.cpuMsPerReport,
      unit: 'ms',
    });
    addInWakeUps(
      results,
      `open.cpu-per-report.${loopRate}.wake-ups`,
      `open loop ${loopRate}/s: CPU per report`,
      cost.cpuMsPerReport,
      Limit.WakeUpIdle,
    );
    addSwitches(results, `open.switches-per-report.${loopRate}`, `open loop ${loopRate}/s`, switches, accepted);
    results.add({
      key: `open.writes-per-report.${loopRate}`,
      label: `open loop ${loopRate}/s: writing transactions per report`,
      value: cost.writeTransactionsPerReport,
      unit: 'transactions',
    });
  }
}

/** The sum over every group of processes, this run's backends counted once (with Postgres). */
const systemTotal = (counts: Record<string, number>) =>
  Object.entries(counts).reduce((sum, [name, n]) => (name === OWN_BACKENDS ? sum : sum + n), 0);

/** Each group's count per report (the servers' shared groups include whatever else they served). */
const countsPerReport = (counts: Record<string, number>, reports: number) =>
  Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, n / reports]));

/** Adds (and answers) the context switches per report over every process of the system. */
function addSwitches(
  results: Results,
  key: string,
  phase: string,
  switches: Record<string, number>,
  reports: number,
): number {
  const perReport = systemTotal(switches) / reports;
  results.add({ key, label: `${phase}: context switches per report, system`, value: perReport, unit: 'switches' });
  return perReport;
}

type WakeUpLimit = typeof Limit.WakeUpBusy | typeof Limit.WakeUpIdle;
const ROUND_TRIPS: Record<WakeUpLimit, string> = {
  [Limit.WakeUpBusy]: 'back to back',
  [Limit.WakeUpIdle]: 'woken from idle',
};

/**
 * A report's CPU as a number of round trips between two processes (the limits section's, busy or from
 * idle): how many wake-ups' worth it costs. Shown only when the limits ran in the same run.
 */
function addInWakeUps(results: Results, key: string, label: string, cpuMs: number, limit: WakeUpLimit): void {
  const roundTrip = results.limit(limit);
  if (!roundTrip || !(roundTrip.value > 0)) return;
  results.add({
    key,
    label: `${label}, in round trips between two processes ${ROUND_TRIPS[limit]}`,
    value: (cpuMs * 1000) / roundTrip.value,
    unit: 'round trips',
  });
}

async function openLoopLatency(system: TestSystem, token: string, rate: number, seconds: number) {
  const nats = await connect({ servers: TEST_NATS_URL, name: 'campus-whistle-bench' });
  // When each report's event left intake and its case's REPORTED left dispatch, as seen on the broker.
  const published = new Map<string, number>();
  const reported = new Map<string, number>();
  const watch = (
    type: string,
    seen: (payload: Record<string, unknown>) => string | undefined,
    into: Map<string, number>,
  ) =>
    nats.subscribe(eventSubject(system.isolation.natsNamespace, type), {
      callback: (error, msg) => {
        if (error) return;
        try {
          const id = seen(msg.json<{ payload?: Record<string, unknown> }>().payload ?? {});
          if (id) into.set(id, performance.now());
        } catch {
          // not an envelope: not ours to judge here
        }
      },
    });
  watch(WhistleReportSubmitted.type, (payload) => payload.reportId as string | undefined, published);
  // A case's opening is its change to REPORTED (`CaseOpened` v2 carries the status).
  watch(
    CaseOpened.type,
    (payload) => (payload.status === 'REPORTED' ? (payload.caseId as string) : undefined),
    reported,
  );
  await nats.flush();
  const client = new KeepAliveClient(system.url(''));
  const sentAt = new Map<string, number>();
  const answeredAt = new Map<string, number>();
  const answers: Array<Promise<void>> = [];
  let failed = 0;
  try {
    await openLoop(rate, seconds, () => {
      const sent = performance.now();
      answers.push(
        client.send('POST', '/api/whistle-reports', { body: REPORT, token }).then(
          (response) => {
            if (response.status === 201 && typeof response.body?.id === 'string') {
              sentAt.set(response.body.id, sent);
              answeredAt.set(response.body.id, performance.now());
            } else failed += 1;
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
  const between = (from: Map<string, number>, to: Map<string, number>) => {
    const spans = [...sentAt.keys()]
      .filter((id) => from.has(id) && to.has(id))
      .map((id) => to.get(id)! - from.get(id)!)
      .sort((a, b) => a - b);
    return { p50: percentile(spans, 50), p95: percentile(spans, 95), p99: percentile(spans, 99) };
  };
  const stages = {
    'POST → 201 answered': between(sentAt, answeredAt),
    "POST → intake's event on the broker": between(sentAt, published),
    "intake's event → dispatch's REPORTED on the broker": between(published, reported),
  };
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
      stages,
    },
  };
}
