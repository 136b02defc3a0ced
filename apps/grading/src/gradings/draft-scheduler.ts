import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { LOGGER, type Logger } from '#libs/observability';
import { PeriodicRun } from '#libs/service-kit';
import type { GradingConfig } from '../config.js';
import { dueQuarter } from '../quarters/quarters.js';
import { RunGradingUseCase } from './run-grading.use-case.js';

/**
 * Makes each quarter's draft a configured number of days after it ends. Checked at start-up (so a
 * quarter missed while the service was down is caught up) and then on an interval; the run itself
 * takes a Postgres lock and does nothing once the quarter has any grading, so replicas agree.
 */
@Injectable()
export class DraftScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PeriodicRun;

  constructor(
    private readonly runGrading: RunGradingUseCase,
    @Inject(APP_CONFIG) private readonly config: GradingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicRun(() => this.draftDueQuarter(), {
      intervalMs: config.GRADING_SCHEDULE_INTERVAL_MS,
      runAtStart: true,
      onError: (error) => this.logger.error({ err: error }, 'scheduled grading draft failed'),
    });
  }

  onApplicationBootstrap() {
    if (this.config.GRADING_SCHEDULE_ENABLED) this.loop.start();
  }

  beforeApplicationShutdown() {
    return this.loop.stop();
  }

  private async draftDueQuarter() {
    const quarter = dueQuarter(new Date(), this.config.GRADING_DRAFT_AFTER_DAYS, this.config.COUNTY_TIMEZONE);
    const made = await this.runGrading.execute(quarter, { onlyIfAbsent: true });
    if (made) this.logger.info({ quarter, schools: made.schools }, 'scheduled grading draft made');
  }
}
