import { BullModule } from '@nestjs/bullmq';
import { Redis } from 'ioredis';
import { OrganisationRegistered, WhistleReportSubmitted } from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { CasesModule } from './cases/cases.module.js';
import { dispatchConfigSchema } from './config.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { dispatchMigrations } from './migrations/index.js';
import { SlaPoliciesModule } from './sla-policies/sla-policies.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { UnitsModule } from './units/units.module.js';

/** Cases and their lifecycle, assignment to units, SLA policies and deadlines. */
export const dispatchManifest = defineService({
  name: 'dispatch',
  configSchema: dispatchConfigSchema,
  migrations: dispatchMigrations,
  consumes: [WhistleReportSubmitted, OrganisationRegistered],
  imports: (config) => [
    BullModule.forRoot({
      connection: new Redis(config.REDIS_URL, { maxRetriesPerRequest: null }),
      prefix: config.REDIS_PREFIX,
    }),
    UnitsModule,
    SlaPoliciesModule,
    DeadlinesModule,
    CasesModule,
    TasksModule,
  ],
});
