/**
 * Applies every service's pending migrations (each service also does this at start-up):
 *   npm run migrate            all services
 *   npm run migrate -- intake  one service
 */
import { DataSource } from 'typeorm';
import { SERVICES, type ServiceName } from '#libs/contracts';
import { serviceDataSourceOptions, runMigrations } from '#libs/persistence';
import { schemaOf, type ServiceManifest } from '#libs/service-kit';
import { dispatchManifest } from '../apps/dispatch/src/manifest.js';
import { gatewayManifest } from '../apps/gateway/src/manifest.js';
import { gradingManifest } from '../apps/grading/src/manifest.js';
import { intakeManifest } from '../apps/intake/src/manifest.js';
import { notifyManifest } from '../apps/notify/src/manifest.js';

const MANIFESTS: Record<ServiceName, Pick<ServiceManifest, 'migrations'>> = {
  gateway: gatewayManifest,
  intake: intakeManifest,
  dispatch: dispatchManifest,
  grading: gradingManifest,
  notify: notifyManifest,
};

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle';
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SERVICES.includes(name as ServiceName));
if (unknown.length > 0) {
  process.stderr.write(`unknown service: ${unknown.join(', ')} (known: ${SERVICES.join(', ')})\n`);
  process.exit(2);
}

for (const service of (wanted.length > 0 ? wanted : SERVICES) as ServiceName[]) {
  const schema = schemaOf(service);
  const { migrations } = MANIFESTS[service];
  const dataSource = new DataSource(serviceDataSourceOptions({ url, schema, entities: [], migrations, poolSize: 2 }));
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource, schema);
    process.stdout.write(`${service} (${schema}): ${applied} migration(s) applied\n`);
  } finally {
    await dataSource.destroy();
  }
}
