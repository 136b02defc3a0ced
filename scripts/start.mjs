#!/usr/bin/env node
/**
 * `npm start` (after the build): the whole system on this machine. Starts missing servers, creates the
 * database, seeds the demo county, runs the five services as child processes (intake, dispatch, grading
 * and notify first, the gateway once they answer) and stops them all on Ctrl-C or SIGTERM.
 *
 * Output: one line per log line, prefixed with the service name. On a terminal the JSON log lines are
 * made readable with pino-pretty when it is installed; LOG_PRETTY=false keeps the raw JSON.
 * A second Ctrl-C kills the services at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const root = path.resolve(fileURLToPath(import.meta.url), '../..');
/** Service → its default health port (the services ignore the gateway's PORT, see below). */
const backends = { intake: 3001, dispatch: 3002, grading: 3003, notify: 3004 };
const colours = { intake: 36, dispatch: 33, grading: 35, notify: 32, gateway: 34 };
const STOP_GRACE_MS = 10_000;
const READY_MS = 60_000;

const tty = process.stdout.isTTY === true;
const paint = (code, text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (line) => process.stdout.write(`${paint(1, '[start]')} ${line}\n`);
const fail = (line) => {
  process.stderr.write(`[start] ${line}\n`);
  process.exit(1);
};

const missing = ['gateway', ...Object.keys(backends)].filter(
  (service) => !existsSync(`${root}/dist/apps/${service}/src/main.js`),
);
if (missing.length > 0) fail(`not built (${missing.join(', ')}): run \`npm run build\` first, or use \`npm start\`.`);

// Empty variables count as unset, as they do for the services.
for (const [name, value] of Object.entries(process.env)) if (value === '') delete process.env[name];

if (spawnSync('bash', [`${root}/scripts/ensure-servers.sh`], { stdio: 'inherit' }).status !== 0) process.exit(1);

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle';
await ensureDatabase(databaseUrl).catch((error) =>
  fail(`could not create the database of ${redact(databaseUrl)}: ${error instanceof Error ? error.message : error}`),
);

const env = { ...process.env, DATABASE_URL: databaseUrl, DEMO_SEED: process.env.DEMO_SEED ?? 'true' };
if (!env.JWT_SECRET) {
  env.JWT_SECRET = randomBytes(32).toString('base64url');
  say('JWT_SECRET is not set: using a random one for this run (tokens issued now stop working after it).');
}
if (env.DEMO_SEED === 'true' || env.DEMO_SEED === '1') {
  const given = env.DEMO_PASSWORD !== undefined;
  env.DEMO_PASSWORD ??= readablePassword();
  say(
    'demo users: school.reporter, school2.reporter, bureau.reviewer, taskforce.dispatcher, police.handler, ' +
      `police.head, supervisor, inspector, admin — password: ${given ? 'the one in DEMO_PASSWORD' : paint(1, env.DEMO_PASSWORD)}`,
  );
}

const pretty = await prettyPrinter();
const children = new Map();
let stopping = false;

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGKILL');
});

// PORT is the gateway's; the services keep their own defaults (3001-3004) for /health.
const { PORT: gatewayPort = '3000', ...backendEnv } = env;
for (const service of Object.keys(backends)) run(service, backendEnv);
const notReady = await untilAnswering(Object.entries(backends));
if (notReady.length > 0 && !stopping) {
  say(`${notReady.join(', ')} not answering after ${READY_MS / 1000} s; starting the gateway anyway.`);
}
if (!stopping) {
  run('gateway', env);
  if ((await untilAnswering([['gateway', gatewayPort]])).length === 0 && !stopping) {
    say(`ready: the API is on http://127.0.0.1:${gatewayPort} (system health: /api/health). Ctrl-C stops everything.`);
  }
}

function run(service, childEnv) {
  const child = spawn(process.execPath, [`${root}/dist/apps/${service}/src/main.js`], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(service, child);
  const prefix = `${paint(colours[service], service.padEnd(8))}|`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      for (const part of pretty(line).replace(/\n$/, '').split('\n')) process.stdout.write(`${prefix} ${part}\n`);
    });
  }
  child.on('error', (error) => say(`${service} could not be started: ${error.message}`));
  child.on('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      say(`${service} exited unexpectedly (${signal ?? `status ${code}`}); stopping the others.`);
      stop(1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
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
  if (children.size === 0) process.exit(code);
  say(`stopping ${[...children.keys()].join(', ')}…`);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    say(`still running after ${STOP_GRACE_MS / 1000} s, killed: ${[...children.keys()].join(', ')}`);
    process.exit(1); // the 'exit' handler kills the stragglers
  }, STOP_GRACE_MS).unref();
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
