import { CaseStatusChanged } from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { intakeConfigSchema } from './config.js';
import { intakeMigrations } from './migrations/index.js';
import { WhistleReportsModule } from './whistle-reports/whistle-reports.module.js';

/** Whistle reports: references, idempotent submission, access by school, its copy of each case's status. */
export const intakeManifest = defineService({
  name: 'intake',
  configSchema: intakeConfigSchema,
  migrations: intakeMigrations,
  consumes: [CaseStatusChanged],
  imports: () => [WhistleReportsModule],
});
