/**
 * The fault matrix under steady load:
 *   npm run chaos
 * One system on a NATS, Redis and PostgreSQL of its own; each row strikes one fault while a fresh
 * load runs through the gateway, lets the system settle, then counts from the databases what was
 * lost, duplicated or fired more or less than once. Prints the table, writes docs/chaos/latest.md
 * and latest.json, and exits non-zero when a row fails.
 * Environment: CHAOS_RATE (reports/s, 20), CHAOS_LOAD_SECONDS (15), CHAOS_ONLY (words of row names).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { PrivateNats, PrivateRedis, TestSystem } from '#libs/testing';
import { Probe } from './checks.js';
import { MATRIX } from './faults.js';
import { GatewayClient } from './http-client.js';
import { PrivatePostgres } from './private-postgres.js';

import { type ChaosContext, ensureRunning, prepareLoad, type Row, runScenario } from './scenario.js';
import { markdownTable } from './table.js';

const rate = Number(process.env.CHAOS_RATE ?? 20);
const loadSeconds = Number(process.env.CHAOS_LOAD_SECONDS ?? 15);
const only = process.env.CHAOS_ONLY?.toLowerCase().split(',').filter(Boolean);
const faults = MATRIX.filter((f) => !only || only.some((word) => f.name.toLowerCase().includes(word)));

const started = new Date();
const [nats, redis, postgres] = await Promise.all([
  PrivateNats.start(),
  PrivateRedis.start({ persistent: true }),
  PrivatePostgres.start(),
]);
process.env.TEST_ADMIN_DATABASE_URL = postgres.adminUrl;
let system: TestSystem | undefined;
let probe: Probe | undefined;
let client: GatewayClient | undefined;
const rows: Row[] = [];
try {
  system = await TestSystem.start({
    env: { NATS_URL: nats.url, REDIS_URL: redis.url, EVENT_ACK_WAIT_MS: '3000', LOG_LEVEL: 'info' },
  });
  client = new GatewayClient(system.url('/'));
  probe = new Probe(system.isolation.databaseUrl, nats.url, system.isolation.natsNamespace);
  const leadUnitId = await prepareLoad(client);
  const ctx: ChaosContext = {
    system,
    client,
    probe,
    leadUnitId,
    natsUrl: nats.url,
    nats,
    redis,
    postgres,
    load: { ratePerSecond: rate, acknowledgeEvery: 3, maxInFlight: 64 },
    loadSeconds,
    faultAtSeconds: Math.min(5, loadSeconds / 3),
  };
  for (const fault of faults) {
    process.stdout.write(`${new Date().toISOString()} ${fault.name} …\n`);
    const row = await runScenario(ctx, fault);
    rows.push(row);
    process.stdout.write(`  ${row.pass ? 'pass' : 'FAIL'} ${JSON.stringify({ ...row, scenario: undefined })}\n`);
    await ensureRunning(system);
  }
} finally {
  client?.close();
  await probe?.close();
  const logs = system?.logDir;
  await system?.stop().catch(() => undefined);
  await Promise.allSettled([nats.stop(), redis.stop()]);
  postgres.stop();
  if (logs) process.stdout.write(`service logs (kept): ${logs}\n`);
}

const table = markdownTable(rows);
const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
const machine = `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end (shared with other work)`;
const markdown = [
  '# Chaos matrix',
  '',
  `Run ${started.toISOString()}, ${minutes} min, \`npm run chaos\`: ${rate} reports/s for ${loadSeconds} s per row,`,
  'every case assigned (urgent, acknowledge within 5 s), every third task acknowledged at once;',
  `fault ${Math.min(5, loadSeconds / 3)} s into the load. ${machine}.`,
  '"lost": accepted (2xx) but no intake row or no dispatch case once settled. "fired once": fired_at set,',
  'one breach event in dispatch.outbox and one `ack-overdue` per supervisor. "settled": deadlines fired or',
  'cancelled, no unpublished outbox row, every consumer caught up (bound 60 s).',
  '',
  table,
  '',
].join('\n');
process.stdout.write(`\n${table}\n`);
mkdirSync('docs/chaos', { recursive: true });
await writeFormatted('docs/chaos/latest.md', markdown);
await writeFormatted('docs/chaos/latest.json', JSON.stringify({ started, rate, loadSeconds, machine, rows }, null, 2));
process.exit(rows.length === faults.length && rows.every((row) => row.pass) ? 0 : 1);

/** Written as Prettier would format it, so that committing a fresh result keeps `format:check` green. */
async function writeFormatted(path: string, text: string): Promise<void> {
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(path);
  writeFileSync(path, await prettier.format(text, { ...options, filepath: path }));
}
