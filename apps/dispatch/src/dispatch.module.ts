import type { DynamicModule } from '@nestjs/common';
import { OrganisationRegistered, WhistleReportSubmitted } from '#libs/contracts';
import type { Logger } from '#libs/observability';
import { serviceCoreModules } from '#libs/service-kit';
import { CasesModule } from './cases/cases.module.js';
import type { DispatchConfig } from './config.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { dispatchMigrations } from './migrations/index.js';
import { SlaPoliciesModule } from './sla-policies/sla-policies.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { UnitsModule } from './units/units.module.js';

export class DispatchModule {
  static register(config: DispatchConfig, logger: Logger): DynamicModule {
    return {
      module: DispatchModule,
      imports: [
        ...serviceCoreModules({
          service: 'dispatch',
          schema: 'dispatch',
          config,
          logger,
          migrations: dispatchMigrations,
          consumes: [WhistleReportSubmitted, OrganisationRegistered],
        }),
        UnitsModule,
        SlaPoliciesModule,
        DeadlinesModule,
        CasesModule,
        TasksModule,
      ],
    };
  }
}
