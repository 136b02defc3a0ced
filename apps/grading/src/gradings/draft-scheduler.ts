import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { LOGGER, type Logger } from '#libs/observability';
import type { GradingConfig } from '../config.js';
import { dueQuarter } from '../quarters/quarters.js';
import { RunGradingUseCase } from './run-grading.use-case.js';

/**
 * Makes each quarter's draft a configured number of days after it ends. Checked at start-up (so a
 * quarter missed while the service was down is caught up) and then on an interval; the run itself
 * takes a Postgres lock and does nothing once the quarter has any grading, so replicas agree.
 */
@Injectable()
export class DraftScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly runGrading: RunGradingUseCase,
    @Inject(APP_CONFIG) private readonly config: GradingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    if (!this.config.GRADING_SCHEDULE_ENABLED) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.config.GRADING_SCHEDULE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  private tick() {
    if (this.running) return;
    const quarter = dueQuarter(new Date(), this.config.GRADING_DRAFT_AFTER_DAYS, this.config.COUNTY_TIMEZONE);
    this.running = this.runGrading
      .execute(quarter, { onlyIfAbsent: true })
      .then((made) => {
        if (made) this.logger.info({ quarter, schools: made.schools }, 'scheduled grading draft made');
      })
      .catch((error: unknown) => this.logger.error({ err: error, quarter }, 'scheduled grading draft failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
