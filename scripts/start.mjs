#!/usr/bin/env node
/**
 * `npm start` (after the build): the whole system on this machine. Starts missing servers, creates the
 * database, seeds the demo county, runs the services as child processes (intake, dispatch, grading
 * and notify first, REPLICAS processes of each, then the one gateway once they answer) and stops them
 * all on Ctrl-C or SIGTERM. A process that dies is started again after a back-off (1 s, doubling to
 * 30 s, back to 1 s once it has stayed up a minute), like `restart: unless-stopped` in docker-compose.yml;
 * the others keep serving.
 *
 * Ports: the gateway's is PORT, or BASE_PORT (default 3000); process r (0, 1, …) of the i-th backend
 * (intake, dispatch, grading, notify) answers /health on BASE_PORT + 1 + i + 4r: 3001-3004, then 3005-3008…
 *
 * Output: one line per log line, prefixed with the process name (`intake`, `intake#1`, …). On a terminal
 * the JSON log lines are made readable with pino-pretty when it is installed; LOG_PRETTY=false keeps the
 * raw JSON. A second Ctrl-C kills the services at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
const colours = { intake: 36, dispatch: 33, grading: 35, notify: 32, gateway: 34 };
const STOP_GRACE_MS = 10_000;
const READY_MS = 60_000;
/** Restart back-off: first delay, ceiling, and how long a process must stay up to be trusted again. */
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;
const RESTART_STABLE_MS = 60_000;

const tty = process.stdout.isTTY === true;
const paint = (code, text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (line) => process.stdout.write(`${paint(1, '[start]')} ${line}\n`);
const fail = (line) => {
  process.stderr.write(`[start] ${line}\n`);
  process.exit(1);
};

// The services come from the one catalog in libs/contracts (the gateway and its backends).
const contracts = `${root}/dist/libs/contracts/src/index.js`;
if (!existsSync(contracts)) fail('not built: run `npm run build` first, or use `npm start`.');
const { BACKENDS: backends, SERVICES: services } = await import(contracts);
const missing = services.filter((service) => !existsSync(`${root}/dist/apps/${service}/src/main.js`));
if (missing.length > 0) fail(`not built (${missing.join(', ')}): run \`npm run build\` first, or use \`npm start\`.`);

// Empty variables count as unset, as they do for the services.
for (const [name, value] of Object.entries(process.env)) if (value === '') delete process.env[name];

const replicas = wholeNumber('REPLICAS', 1, 1, 16);
const basePort = wholeNumber('BASE_PORT', 3000, 1, 65535 - 1 - backends.length * replicas);
const gatewayPort = String(wholeNumber('PORT', basePort, 1, 65535));
/** Every process to run: its name, service, /health port. */
const backendInstances = backends.flatMap((service, i) =>
  Array.from({ length: replicas }, (_, replica) => ({
    name: replica === 0 ? service : `${service}#${replica}`,
    service,
    port: String(basePort + 1 + i + backends.length * replica),
  })),
);

for (const check of ['ensure-servers.sh', 'ensure-debian-packages.sh']) {
  if (spawnSync('bash', [`${root}/scripts/${check}`], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle';
await ensureDatabase(databaseUrl).catch((error) =>
  fail(`could not create the database of ${redact(databaseUrl)}: ${error instanceof Error ? error.message : error}`),
);

const env = { ...process.env, DATABASE_URL: databaseUrl, DEMO_SEED: process.env.DEMO_SEED ?? 'true' };
if (!env.JWT_SIGNING_KEY || !env.JWT_PUBLIC_KEYS) Object.assign(env, await devTokenKeys());
// Unlike the token keys, these rings must outlive the run: what they encrypted stays in the database.
env.INTAKE_KEYS ||= keptKeyRing('INTAKE_KEYS', 'intake-keys', 'the encrypted fields');
env.TOTP_KEYS ||= keptKeyRing('TOTP_KEYS', 'totp-keys', 'the TOTP secrets');
if (env.DEMO_SEED === 'true' || env.DEMO_SEED === '1') {
  const given = env.DEMO_PASSWORD !== undefined;
  env.DEMO_PASSWORD ??= readablePassword();
  say(
    'demo users: school.reporter, school2.reporter, bureau.reviewer, taskforce.dispatcher, police.handler, ' +
      `police.head, supervisor, inspector, admin — password: ${given ? 'the one in DEMO_PASSWORD' : paint(1, env.DEMO_PASSWORD)}`,
  );
}

const pretty = await prettyPrinter();
/** Running processes and pending restarts, by process name. */
const children = new Map();
const restarts = new Map();
let stopping = false;

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGKILL');
});

// Each process gets its own PORT for /health; the gateway's is the API. Only the gateway gets the private
// token key (the backends verify tokens with the public keys and would refuse to start with it) and the
// TOTP key ring.
const { PORT: _gatewayPort, JWT_SIGNING_KEY: _signingKey, TOTP_KEYS: _totpKeys, ...backendEnv } = env;
for (const instance of backendInstances) run(instance, { ...backendEnv, PORT: instance.port });
const notReady = await untilAnswering(backendInstances.map(({ name, port }) => [name, port]));
if (notReady.length > 0 && !stopping) {
  say(`${notReady.join(', ')} not answering after ${READY_MS / 1000} s; starting the gateway anyway.`);
}
if (!stopping) {
  run({ name: 'gateway', service: 'gateway', port: gatewayPort }, { ...env, PORT: gatewayPort });
  if ((await untilAnswering([['gateway', gatewayPort]])).length === 0 && !stopping) {
    say(`ready: the API is on http://127.0.0.1:${gatewayPort} (system health: /api/health). Ctrl-C stops everything.`);
  }
}

/** Starts one process, and starts it again (with back-off) whenever it dies while we are not stopping. */
function run(instance, childEnv, delayMs = RESTART_FIRST_MS) {
  const { name, service } = instance;
  // A smaller young generation (idle RSS under 150 MB) and an old one V8 sizes for 1 GB, not for the
  // machine's memory, so it collects before growing (an export's garbage): README, Benchmarks.
  const flags = ['--max-semi-space-size=8', '--max-old-space-size=1024'];
  const child = spawn(process.execPath, [...flags, `${root}/dist/apps/${service}/src/main.js`], {
    cwd: root,
    env: ownDatabaseRole(service, childEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const startedAt = Date.now();
  children.set(name, child);
  say(`${name} started (pid ${child.pid}, port ${instance.port})`);
  const prefix = `${paint(colours[service], name.padEnd(10))}|`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      for (const part of pretty(line).replace(/\n$/, '').split('\n')) process.stdout.write(`${prefix} ${part}\n`);
    });
  }
  child.on('error', (error) => say(`${name} could not be started: ${error.message}`));
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) {
      if (children.size === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    // A process that stayed up a while crashed afresh: begin the back-off again.
    const delay = Date.now() - startedAt >= RESTART_STABLE_MS ? RESTART_FIRST_MS : delayMs;
    say(
      `${name} (pid ${child.pid}) exited unexpectedly (${signal ?? `status ${code}`}); restarting it in ${delay / 1000} s.`,
    );
    restarts.set(
      name,
      setTimeout(() => {
        restarts.delete(name);
        if (!stopping) run(instance, childEnv, Math.min(delay * 2, RESTART_MAX_MS));
      }, delay),
    );
  });
}

function stop(code) {
  if (stopping) {
    say('stopping now.');
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(1);
  }
  stopping = true;
  process.exitCode = code;
  for (const timer of restarts.values()) clearTimeout(timer);
  restarts.clear();
  if (children.size === 0) process.exit(code);
  say(`stopping ${[...children.keys()].join(', ')}…`);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    say(`still running after ${STOP_GRACE_MS / 1000} s, killed: ${[...children.keys()].join(', ')}`);
    process.exit(1); // the 'exit' handler kills the stragglers
  }, STOP_GRACE_MS).unref();
}

/** A whole-number setting from the environment, or its default; anything else stops here, naming it. */
function wholeNumber(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) fail(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/** Waits (bounded) until each service answers on its health port; returns those that did not. */
async function untilAnswering(services) {
  const deadline = Date.now() + READY_MS;
  const pending = new Map(services);
  while (pending.size > 0 && !stopping && Date.now() < deadline) {
    for (const [service, port] of pending) {
      const answered = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) }).then(
        () => true,
        () => false,
      );
      if (answered) pending.delete(service);
    }
    if (pending.size > 0) await sleep(250);
  }
  return [...pending.keys()];
}

/**
 * Each service connects as its own database role, `<database>_<service>`, which may use only its own
 * schema; it migrates and grants that role its rights over the owner's connection (DATABASE_URL) at
 * start. The roles have no password: fine with the local trust authentication; set
 * DATABASE_ROLES=shared to run every service as the DATABASE_URL user instead.
 */
function ownDatabaseRole(service, childEnv) {
  if (childEnv.DATABASE_OWNER_URL || process.env.DATABASE_ROLES === 'shared') return childEnv;
  const url = new URL(childEnv.DATABASE_URL);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.username = `${database}_${service}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  url.password = '';
  return { ...childEnv, DATABASE_OWNER_URL: childEnv.DATABASE_URL, DATABASE_URL: url.toString() };
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      say(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * The development token keys: made once and kept in .data/token-keys.json (git-ignored, owner-only), so a
 * restart keeps signed-in users signed in. Production sets JWT_SIGNING_KEY and JWT_PUBLIC_KEYS itself.
 */
async function devTokenKeys() {
  const file = `${root}/.data/token-keys.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { generateTokenKeys } = await import(`${root}/dist/libs/config/src/index.js`);
  const keys = generateTokenKeys();
  mkdirSync(`${root}/.data`, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  say('made development token keys (.data/token-keys.json); the gateway alone gets the private one.');
  return keys;
}

/** Three groups of four from letters and digits that cannot be mistaken for one another: "k7mp-2xqe-9fha". */
function readablePassword() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const group = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

/** pino-pretty on a terminal when it is installed (a dev dependency); otherwise lines pass unchanged. */
async function prettyPrinter() {
  const plain = (line) => line;
  if (!tty || process.env.LOG_PRETTY === 'false') return plain;
  try {
    const { prettyFactory } = await import('pino-pretty');
    const format = prettyFactory({
      colorize: true,
      ignore: 'pid,hostname,service,context',
      messageFormat: '{if context}{context}: {end}{msg}',
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
    });
    return (line) => (line.startsWith('{') ? format(line) : line);
  } catch {
    return plain;
  }
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/** A development key ring kept in .data/<file>, made on the first start when <name> is not set. */
function keptKeyRing(name, file, opens) {
  const ring = path.join(root, '.data', file);
  if (!existsSync(ring)) {
    mkdirSync(path.dirname(ring), { recursive: true });
    writeFileSync(ring, `dev1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    say(`${name} is not set: made a development key ring in ${ring} (keep it: it opens ${opens}).`);
  }
  return readFileSync(ring, 'utf8').trim();
}
