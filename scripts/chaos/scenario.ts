import { BACKENDS, type ServiceName } from '#libs/contracts';
import { DEMO_PASSWORD, type PrivateNats, sleep, type TestSystem, waitFor } from '#libs/testing';
import type { Outcome, Probe } from './checks.js';
import type { GatewayClient } from './http-client.js';
import { LoadGenerator, type LoadOptions } from './load.js';
import type { PrivatePostgres } from './private-postgres.js';
import type { PrivateRedis } from '#libs/testing';

/** Every service, the gateway last (rows are printed in this order). */
export const SERVICES: ServiceName[] = [...BACKENDS, 'gateway'];

/**
 * What every load needs before it starts: urgent cases acknowledged within 5 s, so deadlines fall due
 * during a row; answers the unit the cases are assigned to (the police).
 */
export async function prepareLoad(client: GatewayClient): Promise<string> {
  const sla = await client.call('PUT', '/api/sla-policies/urgent', 'admin', {
    ackWithin: 'PT5S',
    rectifyWithin: 'P1D',
  });
  if (sla.status !== 200) throw new Error(`setting the urgent SLA failed: ${sla.status}`);
  const units = await client.call<{ items: Array<{ id: string; code: string }> }>(
    'GET',
    '/api/directory/units',
    'taskforce.dispatcher',
  );
  const police = units.body.items.find((unit) => unit.code === 'DM-PSB');
  if (!police) throw new Error('the demo county has no police unit (DM-PSB)');
  return police.id;
}

/** One system under test and the servers the run may break (absent: shared servers, left alone). */
export interface ChaosContext {
  system: TestSystem;
  client: GatewayClient;
  probe: Probe;
  leadUnitId: string;
  natsUrl: string;
  nats?: PrivateNats;
  redis?: PrivateRedis;
  postgres?: PrivatePostgres;
  load: LoadOptions;
  /** Length of the load phase, and when into it the fault strikes. */
  loadSeconds: number;
  faultAtSeconds: number;
}

/** A row of the matrix: the fault, struck once while the load runs. */
export interface Fault {
  name: string;
  /** Before the load starts (e.g. start a second process of each service). */
  prepare?(ctx: ChaosContext): Promise<void>;
  inject(ctx: ChaosContext, since: Date): Promise<string | void>;
  /** After the load stopped, before settling: what an operator does after such a fault. */
  recover?(ctx: ChaosContext, since: Date): Promise<void>;
  cleanup?(ctx: ChaosContext): Promise<void>;
}

export interface Row extends Outcome {
  scenario: string;
  pass: boolean;
  /** Seconds spent in each phase: the load, draining its last requests, recovery and restarts, settling. */
  phases: { load: number; drain: number; recover: number; settle: number };
  notes: string[];
}

/** Runs one fault under a fresh load on the shared system, then settles and counts. */
export async function runScenario(ctx: ChaosContext, fault: Fault): Promise<Row> {
  const notes: string[] = [];
  const since = new Date();
  const tag = `chaos-${since.getTime().toString(36)}-${slug(fault.name)}`;
  await attempt(notes, 'prepare', () => fault.prepare?.(ctx));
  const load = new LoadGenerator(ctx.client, ctx.leadUnitId, ctx.load, tag);
  load.start();
  await sleep(ctx.faultAtSeconds * 1000);
  const note = await attempt(notes, 'fault', () => fault.inject(ctx, since));
  if (note) notes.push(note);
  await sleep(Math.max(0, since.getTime() + ctx.loadSeconds * 1000 - Date.now()));
  const loadEnded = Date.now();
  const stats = await load.stop();
  const drained = Date.now();
  await attempt(notes, 'recovery', () => fault.recover?.(ctx, since));
  const restarted = await attempt(notes, 'restart', () => ensureRunning(ctx.system));
  if (restarted?.length) notes.push(`restarted by the harness: ${restarted.join(', ')}`);
  const recovered = Date.now();
  const settled = await ctx.probe.settle(stats);
  const seconds = (from: number, to: number) => Math.round((to - from) / 100) / 10;
  const phases = {
    load: seconds(since.getTime(), loadEnded),
    drain: seconds(loadEnded, drained),
    recover: seconds(drained, recovered),
    settle: seconds(recovered, Date.now()),
  };
  const outcome = await ctx.probe.measure(stats, since, settled);
  await attempt(notes, 'cleanup', () => fault.cleanup?.(ctx));
  if (stats.skipped > 0) notes.push(`${stats.skipped} reports not started (too many in flight)`);
  if (stats.rejected > 0) notes.push(`${stats.rejected} reports refused or unanswered`);
  if (outcome.lateAcks > 0) notes.push(`${outcome.lateAcks} acknowledged after due_at, before firing`);
  if (stats.assignsFailed > 0) notes.push(`${stats.assignsFailed} assignments failed`);
  const errors = errorLines(ctx.system, since);
  if (errors) notes.push(`errors logged: ${errors}`);
  const failed =
    outcome.failures.length > 0 ||
    notes.some((n) => /^(prepare|fault|recovery|restart) failed|^restarted by the harness/.test(n));
  return { scenario: fault.name, ...outcome, pass: !failed, phases, notes };
}

/**
 * Brings the system back for the next row: starts again any replica-0 process that is gone, and
 * restarts one that is still unhealthy after 30 s (a fault that wedged a service must not sink
 * every later row). Returns what it had to restart: each is a failure of the row that caused it.
 */
export async function ensureRunning(system: TestSystem): Promise<string[]> {
  const restarted: string[] = [];
  for (const service of SERVICES) {
    const child = system.processOf(service);
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      await system.startService(service);
      restarted.push(`${service} (gone)`);
    }
  }
  const unhealthy = await waitFor(
    'every service to be healthy',
    () => unhealthyServices(system).then((s) => s.length === 0 || undefined),
    {
      timeoutMs: 30_000,
      intervalMs: 500,
    },
  ).then(
    () => [],
    () => unhealthyServices(system),
  );
  for (const service of unhealthy) {
    await system.stopService(service, 'SIGKILL');
    await system.startService(service);
    restarted.push(`${service} (unhealthy)`);
  }
  await system.waitUntilHealthy();
  return restarted;
}

/** Services the gateway's /api/health does not report `ok`; all of them when the gateway does not answer. */
async function unhealthyServices(system: TestSystem): Promise<ServiceName[]> {
  try {
    // The per-service details are for administrators: a fresh sign-in, as a long run outlives a token.
    const login = await system.api('POST', '/api/auth/login', {
      body: { username: 'admin', password: DEMO_PASSWORD },
    });
    const response = await fetch(system.url('/api/health'), {
      headers: { authorization: `Bearer ${login.body.accessToken}` },
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as { services: Record<string, { status: string }> };
    return SERVICES.filter((service) => body.services[service]?.status !== 'ok');
  } catch {
    return ['gateway'];
  }
}

async function attempt<T>(notes: string[], step: string, work: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    notes.push(`${step} failed: ${(error as Error).message.slice(0, 200)}`);
    return undefined;
  }
}

/** Error lines each service logged since the scenario began, e.g. `dispatch 3, notify 1`. */
function errorLines(system: TestSystem, since: Date): string {
  const counts = SERVICES.map((service) => {
    try {
      const lines = system
        .logLines(service)
        .filter((l) => (l.level === 'error' || l.level === 'fatal') && String(l.time) >= since.toISOString());
      return lines.length > 0 ? `${service} ${lines.length}` : '';
    } catch {
      return '';
    }
  });
  return counts.filter(Boolean).join(', ');
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
