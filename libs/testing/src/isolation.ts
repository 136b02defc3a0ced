import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SERVICES, type ServiceName } from '#libs/contracts';

/**
 * Read at each use, not at import, so a fault run can point the harness at a PostgreSQL cluster of
 * its own (set TEST_ADMIN_DATABASE_URL before `TestSystem.start()`) and stop it without touching the shared one.
 */
const adminDatabaseUrl = () => process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Names of everything one test run owns on the shared servers: its own database, NATS
 * namespace (subjects and streams) and Redis key prefix. Nothing collides with other runs.
 */
export interface Isolation {
  id: string;
  databaseUrl: string;
  natsNamespace: string;
  redisPrefix: string;
}

export async function createIsolation(): Promise<Isolation> {
  const id = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const database = `cw_${id}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${database}`));
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${database}`;
  return { id, databaseUrl: url.toString(), natsNamespace: id, redisPrefix: id };
}

/**
 * The run-time database role of a service in a run: roles are cluster-wide, so the name carries the
 * run's database, which keeps runs apart and lets the clean-up drop them with it.
 */
export const databaseRole = (isolation: Isolation, service: ServiceName): string => `cw_${isolation.id}_${service}`;

/** The URL a service connects with at run time: the run's database as the service's own role. */
export function serviceDatabaseUrl(isolation: Isolation, service: ServiceName): string {
  const url = new URL(isolation.databaseUrl);
  url.username = databaseRole(isolation, service);
  url.password = '';
  return url.toString();
}

export async function destroyIsolation(isolation: Isolation): Promise<void> {
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS cw_${isolation.id} WITH (FORCE)`);
    for (const service of SERVICES) await client.query(`DROP ROLE IF EXISTS ${databaseRole(isolation, service)}`);
  });
  await deleteStreams(isolation.natsNamespace);
  await deleteRedisKeys(isolation.redisPrefix);
}

/** Deletes every Redis key of the run, as if Redis had lost its data, without touching other runs. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let deleted = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) deleted += await redis.del(...(keys as string[]));
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/** The run's object store bucket for attachments (its stream, `OBJ_<bucket>`, goes with the run's streams). */
export const runBucket = (isolation: Isolation): string => `${isolation.natsNamespace}-attachments`;

async function deleteStreams(namespace: string): Promise<void> {
  const nats = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await jetstreamManager(nats);
    const prefix = `${namespace}_`.toUpperCase();
    const bucket = `OBJ_${namespace}-`;
    for await (const stream of jsm.streams.list()) {
      const name = stream.config.name;
      if (name.startsWith(prefix) || name.startsWith(bucket)) await jsm.streams.delete(name);
    }
  } finally {
    await nats.close();
  }
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
