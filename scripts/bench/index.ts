/**
 * The benchmark: `npm run bench` (after the build). Measures this machine's limits and the system
 * against them in one run, section by section, each isolated and cleaned up:
 *   limits    PostgreSQL commits, JetStream publish/consume, BullMQ
 *   startup   start → healthy and idle RSS of each service
 *   reports   whistle reports through the system: closed-loop throughput, CPU per report, open-loop latency
 *   gateway   the forwarding path under autocannon, beside a stock NestJS hello world
 *   bus       the durable bus alone, beside Nest's stock NATS transport
 *   deadlines scripts/bench/deadlines.ts, when it is there
 *   grading   a quarterly grading run of 100k schools beside a plain SQL aggregate (BENCH_GRADING_SCHOOLS)
 *   ledger-export  100k ledger rows exported as CSV and XLSX through the gateway: time, RSS growth (BENCH_LEDGER_ROWS)
 * `BENCH_ONLY=limits,gateway npm run bench` runs some sections; see options.ts for the other BENCH_* knobs.
 * Prints a table and writes docs/bench/latest.json (and a dated copy) and docs/bench/latest.svg.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestSystem } from '#libs/testing';
import { benchBus } from './bus.js';
import { chartSvg } from './chart.js';
import { type Figure, formatNumber, formatTable, Results, table } from './figures.js';
import { benchGateway } from './gateway.js';
import { benchGrading } from './grading.js';
import { benchLedgerExport } from './ledger.js';
import { benchLimits } from './limits/index.js';
import { type BenchContext, commandLine, readOptions, type Section } from './options.js';
import { benchReports, benchStartup } from './system.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const startedAt = new Date();
const options = readOptions();
const context: BenchContext = {
  options,
  log: (line) => process.stdout.write(`· ${line}\n`),
};
const results = new Results();
const machine = {
  cpus: cpus().length,
  model: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  kernel: release(),
  node: process.version,
};
const command = commandLine();
process.stdout.write(`Campus Whistle benchmark — ${startedAt.toISOString()}\ncommand: ${command}\n`);
process.stdout.write(`sections: ${options.sections.join(', ')}\n\n`);

/** Runs one section if selected; a failure is reported and the run goes on with the next section. */
async function section(name: Section, work: () => Promise<void>): Promise<void> {
  if (!options.sections.includes(name)) return;
  const started = performance.now();
  try {
    await work();
    results.sections[name] ??= `done in ${((performance.now() - started) / 1000).toFixed(0)} s`;
  } catch (error) {
    results.sections[name] = `FAILED: ${error instanceof Error ? error.message : String(error)}`;
    context.log(`${name} failed: ${results.sections[name]}`);
  }
}

await section('limits', () => benchLimits(context, results));

if (options.sections.some((s) => s === 'startup' || s === 'reports' || s === 'gateway')) {
  context.log('starting the system (five services, LOG_LEVEL=warn)');
  let system: TestSystem | undefined;
  try {
    system = await TestSystem.start({ env: { LOG_LEVEL: 'warn' } });
  } catch (error) {
    for (const name of ['startup', 'reports', 'gateway'] as const) {
      if (options.sections.includes(name))
        results.sections[name] = `FAILED: the system did not start: ${String(error)}`;
    }
  }
  if (system) {
    try {
      await section('startup', () => benchStartup(context, results, system));
      await section('reports', () => benchReports(context, results, system));
      await section('gateway', () => benchGateway(context, results, system));
    } finally {
      await system.stop();
    }
  }
}

await section('bus', () => benchBus(context, results));

/**
 * Deadlines are measured by scripts/bench/deadlines.ts (written separately): it exports
 * `benchDeadlines(context: BenchContext): Promise<Record<string, unknown>>`. What it returns goes into
 * the JSON; entries of a `figures` array shaped like `Figure` also go into the table and the chart.
 */
await section('deadlines', async () => {
  const url = new URL('./deadlines.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    results.sections.deadlines = 'skipped: scripts/bench/deadlines.ts is not there';
    context.log(results.sections.deadlines);
    return;
  }
  const module = (await import(url.href)) as {
    benchDeadlines?: (context: BenchContext) => Promise<Record<string, unknown>>;
  };
  if (typeof module.benchDeadlines !== 'function') throw new Error('deadlines.js exports no benchDeadlines');
  const record = await module.benchDeadlines(context);
  results.details.deadlines = record;
  const figures = Array.isArray(record.figures) ? (record.figures as Figure[]) : [];
  for (const figure of figures) {
    if (typeof figure?.label === 'string' && typeof figure.value === 'number') {
      results.add({ ...figure, key: figure.key ?? `deadlines.${figure.label}`, unit: figure.unit ?? '' });
    }
  }
});

await section('grading', () => benchGrading(context, results));
await section('ledger-export', () => benchLedgerExport(context, results));

// ---- output ------------------------------------------------------------------------------------

const lines = [
  '',
  `Campus Whistle benchmark — ${startedAt.toISOString()}`,
  `machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Linux ${machine.kernel}, node ${machine.node}`,
  'everything on this machine: five services, PostgreSQL, NATS, Redis and the load generator (shared servers)',
  `command: ${command}`,
  '',
  formatTable(results.figures),
];
const cpuPerReport = results.details.cpuPerReport as Record<string, number> | undefined;
if (cpuPerReport) {
  const { reports, loadGenerator, ...processes } = cpuPerReport;
  const switches = (results.details.switchesPerReport ?? {}) as Record<string, number>;
  const writeCalls = (results.details.writeCallsPerReport ?? {}) as Record<string, number>;
  const perReport = (counts: Record<string, number>, name: string) =>
    counts[name] === undefined ? '—' : formatNumber(counts[name]);
  lines.push(
    '',
    `CPU, context switches and write calls per report over the closed-loop phase (${reports} reports, /proc; the servers' figures include anything else they served meanwhile; Postgres's write calls are its files', its sends to clients are not counted):`,
    table(
      ['process', 'CPU ms per report', 'switches per report', 'write calls per report'],
      [
        ...Object.entries(processes).map(([name, ms]) => [
          name,
          formatNumber(ms),
          perReport(switches, name),
          perReport(writeCalls, name),
        ]),
        ['load generator (bench, apart)', formatNumber(loadGenerator), '—', '—'],
      ],
    ),
  );
}
if (results.details.deadlines) {
  const { figures: _inTable, ...rest } = results.details.deadlines as Record<string, unknown>;
  if (Object.keys(rest).length > 0) lines.push('', `deadlines, more: ${JSON.stringify(rest)}`);
}
lines.push('', 'sections:', ...Object.entries(results.sections).map(([name, state]) => `  ${name}: ${state}`), '');
process.stdout.write(lines.join('\n'));

const outDir = resolve(ROOT, options.outDir);
mkdirSync(outDir, { recursive: true });
const json = JSON.stringify(
  {
    date: startedAt.toISOString(),
    command,
    machine,
    options,
    sections: results.sections,
    figures: results.figures,
    details: results.details,
  },
  null,
  2,
);
writeFileSync(join(outDir, 'latest.json'), `${json}\n`);
writeFileSync(join(outDir, `${startedAt.toISOString().slice(0, 10)}.json`), `${json}\n`);
writeFileSync(
  join(outDir, 'latest.svg'),
  chartSvg(
    results.figures,
    `Campus Whistle bench ${startedAt.toISOString().slice(0, 16)}Z — ${machine.cpus} × ${machine.model}, node ${machine.node}`,
  ),
);
process.stdout.write(`wrote ${options.outDir}/latest.json, ${options.outDir}/latest.svg and the dated copy\n`);
// Clients of the shared servers (pools, NATS) may keep the loop alive: the run is over.
process.exit(Object.values(results.sections).some((state) => state.startsWith('FAILED')) ? 1 : 0);
