import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { DispatchConfig } from '../config.js';
import { CaseCommands } from './case-commands.js';

/**
 * Closes verified cases the school left unanswered. The time is a column in Postgres, so nothing
 * is lost with a process; every process sweeps, and the case's row lock lets only one close it.
 */
@Injectable()
export class AutoCloseSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly commands: CaseCommands,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.sweep(), this.config.CASE_AUTO_CLOSE_SWEEP_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private sweep(): void {
    if (this.running) return;
    this.running = this.commands
      .autoCloseDue(100)
      .then((closed) => {
        if (closed > 0) this.logger.info({ closed }, 'verified cases closed without an answer from the school');
      })
      .catch((error: unknown) => this.logger.warn({ err: errorSummary(error) }, 'auto-close sweep failed; will retry'))
      .finally(() => (this.running = undefined));
  }
}
