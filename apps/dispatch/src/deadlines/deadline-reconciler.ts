import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { DispatchConfig } from '../config.js';
import { DeadlineAlarm } from './deadline-alarm.js';
import { Deadline } from './deadline.entity.js';
import { FireDeadlineUseCase } from './fire-deadline.use-case.js';

const BATCH = 1000;

/**
 * Postgres is the source of truth for timers. At start-up and then periodically, fire every
 * overdue deadline directly and re-arm the Redis wake-up of every pending one, so a Redis that
 * lost its data (or a job that was never queued) cannot lose a breach.
 */
@Injectable()
export class DeadlineReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alarm: DeadlineAlarm,
    private readonly fireDeadline: FireDeadlineUseCase,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.config.DEADLINE_RECONCILE_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.reconcile()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ err: errorSummary(error) }, 'deadline reconciliation failed; will retry'),
      )
      .finally(() => (this.running = undefined));
  }

  async reconcile(): Promise<{ fired: number; armed: number }> {
    const pending = await this.dataSource.getRepository(Deadline).find({
      where: { firedAt: IsNull(), cancelledAt: IsNull() },
      order: { dueAt: 'ASC' },
      take: BATCH,
    });
    let fired = 0;
    let armed = 0;
    const now = Date.now();
    for (const deadline of pending) {
      if (deadline.dueAt.getTime() <= now) {
        if (await this.fireDeadline.execute(deadline.id, deadline.version)) fired += 1;
      } else {
        await this.alarm.arm(deadline);
        armed += 1;
      }
    }
    if (fired > 0) this.logger.info({ fired, armed }, 'deadlines reconciled');
    return { fired, armed };
  }
}
