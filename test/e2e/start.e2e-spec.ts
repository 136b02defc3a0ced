import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createIsolation,
  destroyIsolation,
  type Isolation,
  TEST_NATS_URL,
  TEST_REDIS_URL,
  waitFor,
} from '#libs/testing';
import { generateTokenKeys } from '#libs/config';

const REPLICAS = 2;
const PROCESSES = 4 * REPLICAS + 1;

/**
 * `node scripts/start.mjs` (after the build) with REPLICAS=2, on its own database, NATS namespace,
 * Redis prefix and ports: a process that dies is started again while the others keep serving,
 * and SIGTERM still stops every process.
 */
describe('npm start', () => {
  let isolation: Isolation;
  let start: ChildProcess;
  let output = '';
  let basePort: number;
  const everyPid = new Set<number>();

  beforeAll(async () => {
    isolation = await createIsolation();
    basePort = await freePortRange(PROCESSES);
    start = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        DATABASE_URL: isolation.databaseUrl,
        NATS_URL: TEST_NATS_URL,
        REDIS_URL: TEST_REDIS_URL,
        NATS_NAMESPACE: isolation.natsNamespace,
        REDIS_PREFIX: isolation.redisPrefix,
        BASE_PORT: String(basePort),
        PORT: '',
        REPLICAS: String(REPLICAS),
        ...generateTokenKeys(),
        DEMO_PASSWORD: 'demo-password-for-tests',
        LOG_LEVEL: 'warn',
        LOG_PRETTY: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  afterAll(async () => {
    // What start.mjs and its services printed, for a failure's post-mortem (CI keeps the tmp folder's files).
    writeFileSync(join(tmpdir(), `campus-whistle-start-${isolation?.id ?? 'none'}.log`), output);
    // After a failure: SIGKILL would leave start.mjs no chance to stop its children, so kill them too.
    if (start && start.exitCode === null && start.signalCode === null) {
      for (const pid of childrenOfStart()) everyPid.add(pid);
      start.kill('SIGKILL');
    }
    for (const pid of everyPid) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (isolation) await destroyIsolation(isolation);
  });

  /** The latest pid and port `start.mjs` reported for each process name. */
  const started = () => {
    const latest = new Map<string, { pid: number; port: number }>();
    for (const [, name, pid, port] of output.matchAll(/\[start\] (\S+) started \(pid (\d+), port (\d+)\)/g)) {
      latest.set(name, { pid: Number(pid), port: Number(port) });
      everyPid.add(Number(pid));
    }
    return latest;
  };
  const healthy = async (port: number) =>
    (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
  const apiHealthy = async () =>
    (await fetch(`http://127.0.0.1:${basePort}/api/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
  const childrenOfStart = () => {
    try {
      return execFileSync('pgrep', ['-P', String(start.pid)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return []; // pgrep exits 1 when there are none
    }
  };

  it(`runs ${REPLICAS} processes of each backend and one gateway, each on its own port`, async () => {
    await waitFor('the API to be ready', () => output.includes('[start] ready: the API is on'), {
      timeoutMs: 110_000,
      intervalMs: 250,
    });
    const processes = started();
    expect([...processes.keys()].sort()).toEqual(
      ['dispatch', 'dispatch#1', 'gateway', 'grading', 'grading#1', 'intake', 'intake#1', 'notify', 'notify#1'].sort(),
    );
    expect(new Set([...processes.values()].map((p) => p.port)).size).toBe(PROCESSES);
    expect(processes.get('gateway')?.port).toBe(basePort);
    expect(childrenOfStart().sort()).toEqual([...processes.values()].map((p) => p.pid).sort());
    for (const [name, { port }] of processes) if (name !== 'gateway') expect(await healthy(port)).toBe(true);
    await waitFor('the system to be healthy', apiHealthy, { timeoutMs: 30_000 });
  });

  it('starts a killed process again, waiting longer when it dies again soon, and the others keep running', async () => {
    const before = started();
    const victim = before.get('intake#1')!;
    process.kill(victim.pid, 'SIGKILL');

    const restarted = await waitFor(
      'intake#1 to be started again',
      () => {
        const now = started().get('intake#1');
        return now && now.pid !== victim.pid ? now : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(output).toContain(
      `[start] intake#1 (pid ${victim.pid}) exited unexpectedly (SIGKILL); restarting it in 1 s.`,
    );
    expect(restarted.port).toBe(victim.port);
    await waitFor('the new intake#1 to be healthy', () => healthy(restarted.port), { timeoutMs: 60_000 });

    // Dying again soon after its restart doubles the wait.
    process.kill(restarted.pid, 'SIGKILL');
    const again = await waitFor(
      'intake#1 to be started a third time',
      () => {
        const now = started().get('intake#1');
        return now && now.pid !== restarted.pid ? now : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(output).toContain(
      `[start] intake#1 (pid ${restarted.pid}) exited unexpectedly (SIGKILL); restarting it in 2 s.`,
    );
    await waitFor('the third intake#1 to be healthy', () => healthy(again.port), { timeoutMs: 60_000 });
    await waitFor('the system to be healthy', apiHealthy, { timeoutMs: 30_000 });

    // Nobody else was restarted, and the API serves.
    for (const [name, { pid }] of before) {
      if (name === 'intake#1') continue;
      expect(started().get(name)?.pid).toBe(pid);
      expect(alive(pid)).toBe(true);
    }
    expect(childrenOfStart()).toContain(again.pid);
    const login = await fetch(`http://127.0.0.1:${basePort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'school.reporter', password: 'demo-password-for-tests' }),
    });
    expect(login.status).toBe(200);
  });

  it('stops every process on SIGTERM', async () => {
    const pids = [...started().values()].map((p) => p.pid);
    expect(pids).toHaveLength(PROCESSES);
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    start.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(output).not.toMatch(/still running after/);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first of `count` consecutive ports on 127.0.0.1 that nothing listens on, below the kernel's
 * ephemeral range: a port in that range can be taken between this check and the services' listen by
 * any outgoing connection (another suite's database pool, say) or `listen(0)`, and stay taken as long
 * as that connection lives (seen in CI: the gateway's port, for two minutes).
 */
async function freePortRange(count: number): Promise<number> {
  const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]) || 32_768;
  const low = 20_000;
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = low + Math.floor(Math.random() * (ephemeralLow - count - low));
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
