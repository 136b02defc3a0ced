import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BACKENDS, OPERATOR_USER, SERVICES, type ServiceName } from '#libs/contracts';
import { generateTokenKeys } from '#libs/config';
import { natsPasswordVariable } from '#libs/messaging';
import { freePort } from './free-port.js';
import {
  createIsolation,
  destroyIsolation,
  type Isolation,
  runBucket,
  serviceDatabaseUrl,
  TEST_NATS_URL,
  TEST_REDIS_URL,
} from './isolation.js';
import { PrivateNats } from './private-nats.js';
import { waitFor } from './wait-for.js';

export const DEMO_PASSWORD = 'demo-password-for-tests';
/** The repository root, from the source tree (tests) or from dist/ (benchmarks). */
const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

/** A broker user of a run with a user per service: a service, or the operator. */
export type NatsUser = ServiceName | typeof OPERATOR_USER;

export interface TestSystemOptions {
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /**
   * Run on a NATS server of the run's own whose users `npm run nats-config` wrote from the manifests:
   * each service connects as its own user, with only its rights (see {@link TestSystem.natsUrlAs}).
   */
  natsUsers?: boolean;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The whole system for an end-to-end test: each service a separate `node` process started from
 * the build in dist/, against real Postgres, Redis and NATS, isolated from other runs.
 */
export class TestSystem {
  readonly logDir: string;
  /** Running processes by instance: `dispatch` is replica 0, `dispatch#1` a second process of it. */
  private readonly processes = new Map<string, ChildProcess>();
  private readonly replicaPorts = new Map<string, number>();
  /** Sign-ins by username, shared by concurrent callers: a burst of parallel sign-ins is throttled as guessing. */
  private readonly tokens = new Map<string, Promise<string>>();
  /** Milliseconds from spawn to a healthy /health, per instance, for the benchmark. */
  private readonly startupMs = new Map<string, number>();
  private db?: pg.Pool;
  /** The run's TOTP key ring, for the gateway only (a test rotating it starts the gateway with a new one). */
  readonly totpKeys = `t1:${randomBytes(32).toString('base64')}`;
  /** With `natsUsers`: the run's own broker, and each user's password. */
  private natsServer?: { nats: PrivateNats; passwords: Record<NatsUser, string> };

  private constructor(
    readonly isolation: Isolation,
    private readonly ports: Record<ServiceName, number>,
    private readonly env: Record<string, string>,
    /** The run's token keys: the private one goes to the gateway only. */
    readonly tokenKeys: { JWT_SIGNING_KEY: string; JWT_PUBLIC_KEYS: string },
  ) {
    this.logDir = join(tmpdir(), `campus-whistle-${isolation.id}`);
    mkdirSync(this.logDir, { recursive: true });
  }

  static async start(options: TestSystemOptions = {}) {
    const isolation = await createIsolation();
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()]))) as Record<
      ServiceName,
      number
    >;
    const tokenKeys = generateTokenKeys(`test-${isolation.id}`);
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: isolation.databaseUrl,
      NATS_URL: TEST_NATS_URL,
      REDIS_URL: TEST_REDIS_URL,
      NATS_NAMESPACE: isolation.natsNamespace,
      REDIS_PREFIX: isolation.redisPrefix,
      JWT_PUBLIC_KEYS: tokenKeys.JWT_PUBLIC_KEYS,
      // Intake's field-encryption key ring (a fresh key per run) and the run's own attachment folder,
      // and its own object store bucket when a test picks ATTACHMENTS_STORE=nats (removed with the run).
      INTAKE_KEYS: `t1:${randomBytes(32).toString('base64')}`,
      ATTACHMENTS_DIR: join(tmpdir(), `campus-whistle-${isolation.id}`, 'attachments'),
      ATTACHMENTS_BUCKET: runBucket(isolation),
      DEMO_SEED: 'true',
      DEMO_PASSWORD,
      OUTBOX_POLL_INTERVAL_MS: '250',
      DEADLINE_RECONCILE_INTERVAL_MS: '2000',
      ...options.env,
    };
    const system = new TestSystem(isolation, ports, env, tokenKeys);
    try {
      if (options.natsUsers) await system.startNatsWithUsers();
      // Gateway first: it seeds the directory the others learn from; order is not required for correctness.
      await system.startService('gateway', options.serviceEnv?.gateway);
      await Promise.all(BACKENDS.map((s) => system.startService(s, options.serviceEnv?.[s])));
      await system.waitUntilHealthy();
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.ports.gateway}${path}`;
  }

  /** The run's own broker, when it has a user per service (`natsUsers`). */
  get nats(): PrivateNats {
    if (!this.natsServer) throw new Error('this run uses the shared NATS; start it with natsUsers: true');
    return this.natsServer.nats;
  }

  /** The run's broker URL with a user's credentials in it (`natsUsers` only). */
  natsUrlAs(user: NatsUser): string {
    return this.nats.urlAs(user, this.natsServer!.passwords[user]);
  }

  /**
   * Writes the broker's users with the real generator (dist/scripts/nats-config.js, from the manifests)
   * for the run's namespace and bucket, with fresh passwords, and starts a broker with them.
   */
  private async startNatsWithUsers(): Promise<void> {
    const passwords = Object.fromEntries(
      [...SERVICES, OPERATOR_USER].map((user) => [user, randomBytes(18).toString('hex')]),
    ) as Record<NatsUser, string>;
    const configFile = join(this.logDir, 'nats-users.conf');
    const written = spawnSync(
      process.execPath,
      [join(ROOT, 'dist/scripts/nats-config.js'), '--out', configFile, '--namespace', this.isolation.natsNamespace],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ATTACHMENTS_BUCKET: this.env.ATTACHMENTS_BUCKET,
          ...Object.fromEntries(Object.entries(passwords).map(([user, value]) => [natsPasswordVariable(user), value])),
        },
        encoding: 'utf8',
      },
    );
    if (written.status !== 0) throw new Error(`nats-config failed: ${written.stderr}`);
    this.natsServer = { nats: await PrivateNats.start({ configFile }), passwords };
  }

  /** A service's own HTTP address (its /health and /metrics), for replica 0. */
  serviceUrl(service: ServiceName, path: string): string {
    return `http://127.0.0.1:${this.ports[service]}${path}`;
  }

  /** A service's JSON log lines so far (anything else it printed, such as Node warnings, is skipped). */
  logLines(service: ServiceName, replica = 0): Array<Record<string, unknown>> {
    return readFileSync(join(this.logDir, `${instanceName(service, replica)}.log`), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /**
   * Starts (or restarts) one process of a service and waits until its /health answers. Replica 0 is
   * the process `start()` runs; replicas 1, 2, … are further processes of the same service.
   */
  async startService(service: ServiceName, extraEnv: Record<string, string> = {}, replica = 0): Promise<void> {
    const instance = instanceName(service, replica);
    const port = await this.portOf(service, replica);
    const log = createWriteStream(join(this.logDir, `${instance}.log`), { flags: 'a' });
    // As `npm start` and the image run services (V8's generations sized), then the caller's flags.
    const nodeArgs = [
      '--max-semi-space-size=8',
      '--max-old-space-size=1024',
      ...(process.env.CW_TEST_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ];
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, `dist/apps/${service}/src/main.js`)], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...this.env,
        // Each service connects as its own role; migrations run as the owner (the run's admin user).
        ...(this.env.DATABASE_URL === this.isolation.databaseUrl
          ? {
              DATABASE_OWNER_URL: this.isolation.databaseUrl,
              DATABASE_URL: serviceDatabaseUrl(this.isolation, service),
            }
          : {}),
        // The gateway alone signs tokens and opens TOTP secrets (a fresh key ring per run).
        ...(service === 'gateway' ? { JWT_SIGNING_KEY: this.tokenKeys.JWT_SIGNING_KEY, TOTP_KEYS: this.totpKeys } : {}),
        // On a broker with a user per service, each connects as its own.
        ...(this.natsServer ? { NATS_URL: this.natsUrlAs(service) } : {}),
        PORT: String(port),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.set(instance, child);
    const outcome = await waitFor(
      `${instance} to become healthy (logs: ${this.logDir})`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) return 'exited';
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        return response.status === 200 && 'healthy';
      },
      // CW_TEST_START_TIMEOUT_MS: a machine shared by several runs may need longer than the default.
      { timeoutMs: Number(process.env.CW_TEST_START_TIMEOUT_MS) || 90_000, intervalMs: 150 },
    );
    if (outcome === 'exited') {
      throw new Error(`${instance} exited (${child.exitCode ?? child.signalCode}) before it became healthy`);
    }
    this.startupMs.set(instance, performance.now() - spawnedAt);
  }

  /** How long the last start of a service replica took from spawn to a healthy /health (ms). */
  startupMsOf(service: ServiceName, replica = 0): number | undefined {
    return this.startupMs.get(instanceName(service, replica));
  }

  /** The process of a service replica, for signals such as SIGSTOP; undefined when it never ran. */
  processOf(service: ServiceName, replica = 0): ChildProcess | undefined {
    return this.processes.get(instanceName(service, replica));
  }

  /** Stops one process of a service with the given signal and waits for it to be gone. */
  async stopService(service: ServiceName, signal: NodeJS.Signals = 'SIGTERM', replica = 0): Promise<void> {
    const child = this.processes.get(instanceName(service, replica));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    // A graceful stop that hangs is a bug to see in the logs, not a reason to hang the suite.
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(force);
  }

  /** Resolves when the service's process exits on its own (e.g. at a failpoint). */
  async waitForExit(service: ServiceName, timeoutMs = 15_000, replica = 0): Promise<NodeJS.Signals | number | null> {
    const child = this.processes.get(instanceName(service, replica))!;
    if (child.exitCode !== null || child.signalCode !== null) return child.signalCode ?? child.exitCode;
    return waitFor(
      `${service} to exit`,
      () =>
        child.exitCode !== null || child.signalCode !== null
          ? (child.signalCode ?? child.exitCode ?? 'exited')
          : undefined,
      { timeoutMs },
    ) as Promise<NodeJS.Signals | number>;
  }

  private async portOf(service: ServiceName, replica: number): Promise<number> {
    if (replica === 0) return this.ports[service];
    const instance = instanceName(service, replica);
    if (!this.replicaPorts.has(instance)) this.replicaPorts.set(instance, await freePort());
    return this.replicaPorts.get(instance)!;
  }

  async waitUntilHealthy(): Promise<void> {
    await waitFor('the system to be healthy', async () => (await fetch(this.url('/api/health'))).status === 200, {
      timeoutMs: 120_000,
    });
  }

  async api<T = any>(
    method: string,
    path: string,
    options: { as?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const token = options.token ?? (options.as ? await this.tokenFor(options.as) : undefined);
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    } else if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(this.url(path), { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** A demo user's access token (one sign-in per user and system, whoever asks first). */
  tokenFor(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = this.signIn(username);
      this.tokens.set(username, token);
      token.catch(() => this.tokens.delete(username)); // a failed sign-in is tried again next time
    }
    return token;
  }

  private async signIn(username: string): Promise<string> {
    const response = await this.api('POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD } });
    if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status}`);
    return response.body.accessToken as string;
  }

  /** Read-only look into the run's database, for assertions a public API does not expose yet. */
  query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.db) {
      this.db = new pg.Pool({ connectionString: this.isolation.databaseUrl, max: 2 });
      // An idle connection cut by the server (the database dropped at the end, a failover test) is
      // only dropped from the pool; unheard, the pool's 'error' event would crash the test run.
      this.db.on('error', () => undefined);
    }
    return this.db.query(sql, params).then((result) => result.rows as T[]);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.keys()].map((instance) => {
        const [service, replica] = instance.split('#');
        return this.stopService(service as ServiceName, 'SIGTERM', Number(replica ?? 0));
      }),
    );
    await this.db?.end();
    await this.natsServer?.nats.stop();
    await destroyIsolation(this.isolation);
  }
}

const instanceName = (service: ServiceName, replica: number): string =>
  replica === 0 ? service : `${service}#${replica}`;
