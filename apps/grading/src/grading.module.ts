import type { DynamicModule } from '@nestjs/common';
import { CaseStatusChanged, WhistleReportSubmitted } from '#libs/contracts';
import type { Logger } from '#libs/observability';
import { serviceCoreModules } from '#libs/service-kit';
import type { GradingConfig } from './config.js';
import { gradingMigrations } from './migrations/index.js';
import { SchoolStatsModule } from './school-stats/school-stats.module.js';

export class GradingModule {
  static register(config: GradingConfig, logger: Logger): DynamicModule {
    return {
      module: GradingModule,
      imports: [
        ...serviceCoreModules({
          service: 'grading',
          schema: 'grading',
          config,
          logger,
          migrations: gradingMigrations,
          consumes: [WhistleReportSubmitted, CaseStatusChanged],
        }),
        SchoolStatsModule,
      ],
    };
  }
}
