/**
 * Applies every service's pending migrations (each service also does this at start-up):
 *   npm run migrate            all services
 *   npm run migrate -- intake  one service
 * as the schemas' owner (DATABASE_URL). With a service's run-time connection in <SERVICE>_DATABASE_URL
 * (INTAKE_DATABASE_URL, …), that user gets its own schema's rights and nothing else (see README, Security).
 */
import { SERVICES, type ServiceName } from '#libs/contracts';
import { migrateAsOwner, schemaOf } from '#libs/service-kit';
import { MANIFESTS } from './manifests.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle';
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SERVICES.includes(name as ServiceName));
if (unknown.length > 0) {
  process.stderr.write(`unknown service: ${unknown.join(', ')} (known: ${SERVICES.join(', ')})\n`);
  process.exit(2);
}

for (const service of (wanted.length > 0 ? wanted : SERVICES) as ServiceName[]) {
  // The service's own run-time connection (INTAKE_DATABASE_URL, …): its user gets its schema's rights.
  const serviceUrl = process.env[`${service.toUpperCase()}_DATABASE_URL`] || url;
  const applied = await migrateAsOwner(MANIFESTS[service], { DATABASE_OWNER_URL: url, DATABASE_URL: serviceUrl });
  const role = serviceUrl === url ? '' : `, rights of ${new URL(serviceUrl).username}`;
  process.stdout.write(`${service} (${schemaOf(service)}): ${applied} migration(s) applied${role}\n`);
}
