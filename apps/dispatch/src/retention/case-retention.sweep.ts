import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { PeriodicRun } from '#libs/service-kit';
import type { DispatchConfig } from '../config.js';
import { CaseAnonymiser } from './case-anonymiser.js';

/**
 * Removes closed cases' free texts once `RETENTION_CLOSED_CASES` has passed (intake does the same for
 * the reports' and tips' own texts). The times are columns in Postgres, so a sweep missed while
 * dispatch was down is caught up at start; every process sweeps, and row locks keep them apart.
 */
@Injectable()
export class CaseRetentionSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PeriodicRun;

  constructor(
    private readonly anonymiser: CaseAnonymiser,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicRun(() => this.sweep(), {
      intervalMs: config.RETENTION_SWEEP_MS,
      runAtStart: true,
      onError: (error) => this.logger.warn({ err: errorSummary(error) }, 'case retention sweep failed; will retry'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  private async sweep(): Promise<void> {
    const { RETENTION_CLOSED_CASES: period, RETENTION_BATCH: size } = this.config;
    const anonymised = await this.loop.batchesUntilShort(() => this.anonymiser.batch(period, size), size);
    // A count only: the log says how much, never whose.
    if (anonymised > 0) this.logger.info({ anonymised }, "retention: closed cases' free texts removed");
  }
}
