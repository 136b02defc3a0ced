import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { grantServiceRole, type ServiceRole } from './service-role.js';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own Postgres schema; a service never reads another's. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function>;
  poolSize?: number;
}

export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    poolSize: options.poolSize ?? 10,
    extra: { application_name: `campus-whistle-${options.schema}` },
  };
}

/**
 * Creates the schema and applies pending migrations, holding an advisory lock so that several
 * replicas starting at once do not race each other; then, given the service's run-time role, grants
 * it its schema (see service-role.ts). A service connected as its own role (no CREATE rights) gets
 * through when nothing is pending, and fails on a pending migration: run `npm run migrate` as the owner.
 */
export async function runMigrations(
  dataSource: DataSource,
  schema: string,
  role?: Omit<ServiceRole, 'schema'>,
): Promise<number> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`campus-whistle:migrate:${schema}`]);
    const [{ exists }] = (await runner.query('SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1) AS exists', [
      schema,
    ])) as Array<{ exists: boolean }>;
    if (!exists) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (role) await grantServiceRole(runner, { ...role, schema });
    return applied.length;
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`campus-whistle:migrate:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}

export { DataSource };
