/**
 * Applies every service's pending migrations (each service also does this at start-up):
 *   npm run migrate            all services
 *   npm run migrate -- intake  one service
 */
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions, runMigrations } from '#libs/persistence';
import { dispatchMigrations } from '../apps/dispatch/src/migrations/index.js';
import { gatewayMigrations } from '../apps/gateway/src/migrations/index.js';
import { gradingMigrations } from '../apps/grading/src/migrations/index.js';
import { intakeMigrations } from '../apps/intake/src/migrations/index.js';
import { notifyMigrations } from '../apps/notify/src/migrations/index.js';

const SCHEMAS: Record<string, { schema: string; migrations: Function[] }> = {
  gateway: { schema: 'identity', migrations: gatewayMigrations },
  intake: { schema: 'intake', migrations: intakeMigrations },
  dispatch: { schema: 'dispatch', migrations: dispatchMigrations },
  grading: { schema: 'grading', migrations: gradingMigrations },
  notify: { schema: 'notify', migrations: notifyMigrations },
};

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle';
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SCHEMAS[name]);
if (unknown.length > 0) {
  process.stderr.write(`unknown service: ${unknown.join(', ')} (known: ${Object.keys(SCHEMAS).join(', ')})\n`);
  process.exit(2);
}

for (const service of wanted.length > 0 ? wanted : Object.keys(SCHEMAS)) {
  const { schema, migrations } = SCHEMAS[service];
  const dataSource = new DataSource(serviceDataSourceOptions({ url, schema, entities: [], migrations, poolSize: 2 }));
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource, schema);
    process.stdout.write(`${service} (${schema}): ${applied} migration(s) applied\n`);
  } finally {
    await dataSource.destroy();
  }
}
