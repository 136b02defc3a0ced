import type { DynamicModule } from '@nestjs/common';
import { CaseStatusChanged } from '#libs/contracts';
import type { Logger } from '#libs/observability';
import { serviceCoreModules } from '#libs/service-kit';
import type { IntakeConfig } from './config.js';
import { intakeMigrations } from './migrations/index.js';
import { WhistleReportsModule } from './whistle-reports/whistle-reports.module.js';

export class IntakeModule {
  static register(config: IntakeConfig, logger: Logger): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        ...serviceCoreModules({
          service: 'intake',
          schema: 'intake',
          config,
          logger,
          migrations: intakeMigrations,
          consumes: [CaseStatusChanged],
        }),
        WhistleReportsModule,
      ],
    };
  }
}
