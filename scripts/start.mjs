#!/usr/bin/env node
/**
 * `npm start`: the whole system on this machine. Starts missing servers, creates the database,
 * seeds the demo county, runs the five services as child processes, and stops them all on Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const services = ['intake', 'dispatch', 'grading', 'notify', 'gateway'];
const colours = { intake: 36, dispatch: 33, grading: 35, notify: 32, gateway: 34 };
const say = (line) => process.stdout.write(`\x1b[1m[start]\x1b[0m ${line}\n`);

if (spawnSync('bash', [`${root}/scripts/ensure-servers.sh`], { stdio: 'inherit' }).status !== 0) process.exit(1);

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle';
await ensureDatabase(databaseUrl);

const env = { ...process.env, DATABASE_URL: databaseUrl, DEMO_SEED: process.env.DEMO_SEED ?? 'true' };
if (!env.JWT_SECRET) {
  env.JWT_SECRET = randomBytes(32).toString('base64url');
  say('JWT_SECRET is not set: using a random one for this run (tokens end with it).');
}
if (!env.DEMO_PASSWORD) env.DEMO_PASSWORD = `demo-${randomBytes(6).toString('base64url')}`;
say(
  `demo users: school.reporter, school2.reporter, bureau.reviewer, taskforce.dispatcher, police.handler, ` +
    `police.head, supervisor, inspector, admin — password: \x1b[1m${env.DEMO_PASSWORD}\x1b[0m`,
);

const children = new Map();
let stopping = false;

for (const service of services) {
  // PORT is the gateway's; the services keep their own defaults (3001-3004) for /health.
  const { PORT: _gatewayPort, ...serviceEnv } = env;
  const child = spawn(process.execPath, [`${root}/dist/apps/${service}/src/main.js`], {
    cwd: root,
    env: service === 'gateway' ? env : serviceEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(service, child);
  const prefix = `\x1b[${colours[service]}m${service.padEnd(8)}\x1b[0m|`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      say(`${service} exited (${signal ?? code}); stopping the others.`);
      void stop(1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
}
say(`starting; the API will be on http://127.0.0.1:${env.PORT ?? 3000} (health: /api/health). Ctrl-C stops.`);

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  say('stopping…');
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code || 1);
  }, 10_000).unref();
  if (children.size === 0) process.exit(code);
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
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
