import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { PeriodicRun } from '#libs/service-kit';
import type { IntakeConfig } from '../config.js';
import { Anonymiser } from './anonymiser.js';
import { REPORTS, TIPS } from './retained-kinds.js';

/**
 * Anonymises closed tips and reports once their retention period has passed. The times are columns
 * in Postgres, so a sweep missed while intake was down is caught up at start; every process sweeps,
 * batch after batch until one comes back short, and row locks keep them off each other's rows.
 */
@Injectable()
export class RetentionSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PeriodicRun;

  constructor(
    private readonly anonymiser: Anonymiser,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicRun(() => this.sweep(), {
      intervalMs: config.RETENTION_SWEEP_MS,
      runAtStart: true,
      onError: (error) => this.logger.warn({ err: errorSummary(error) }, 'retention sweep failed; will retry'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  private async sweep(): Promise<void> {
    for (const kind of [TIPS, REPORTS]) {
      const anonymised = await this.loop.batchesUntilShort(
        () => this.anonymiser.batch(kind),
        this.config.RETENTION_BATCH,
      );
      // Counts only: the log says how much, never whose.
      if (anonymised > 0) this.logger.info({ subject: kind.subject, anonymised }, 'retention: personal data removed');
    }
  }
}
