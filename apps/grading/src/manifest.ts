import { CaseStatusChanged, WhistleReportSubmitted } from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { gradingConfigSchema } from './config.js';
import { gradingMigrations } from './migrations/index.js';
import { SchoolStatsModule } from './school-stats/school-stats.module.js';

/** Its own per-school projection of case events, the input of quarterly grading. */
export const gradingManifest = defineService({
  name: 'grading',
  configSchema: gradingConfigSchema,
  migrations: gradingMigrations,
  consumes: [WhistleReportSubmitted, CaseStatusChanged],
  imports: () => [SchoolStatsModule],
});
