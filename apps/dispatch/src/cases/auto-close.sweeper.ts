import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { PeriodicRun } from '#libs/service-kit';
import type { DispatchConfig } from '../config.js';
import { CaseCommands } from './case-commands.js';

/**
 * Closes verified cases the school left unanswered. The time is a column in Postgres, so nothing
 * is lost with a process; every process sweeps, and the case's row lock lets only one close it.
 */
@Injectable()
export class AutoCloseSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PeriodicRun;

  constructor(
    private readonly commands: CaseCommands,
    @Inject(APP_CONFIG) config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicRun(() => this.sweep(), {
      intervalMs: config.CASE_AUTO_CLOSE_SWEEP_MS,
      onError: (error) => this.logger.warn({ err: errorSummary(error) }, 'auto-close sweep failed; will retry'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  private async sweep(): Promise<void> {
    const closed = await this.commands.autoCloseDue(100);
    if (closed > 0) this.logger.info({ closed }, 'verified cases closed without an answer from the school');
  }
}
