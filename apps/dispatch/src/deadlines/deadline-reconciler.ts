import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { DispatchConfig } from '../config.js';
import { DeadlineAlarm } from './deadline-alarm.js';
import { FireDeadlinesUseCase } from './fire-deadlines.use-case.js';
import { delayUntil } from './wake-up-plan.js';

/** Slots armed per round trip to Redis. */
const PAGE = 1000;

/**
 * Postgres is the source of truth for timers. At start-up, when Redis drops, and then
 * periodically: fire every due deadline, and arm a wake-up for every slot of pending deadlines
 * inside the horizon, page by page (keyset on the slot), so a Redis that lost its data, a job
 * never queued or a deadline that just came into the horizon is woken up in time. Slots are
 * computed and compared by the database's clock.
 */
@Injectable()
export class DeadlineReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alarm: DeadlineAlarm,
    private readonly fire: FireDeadlinesUseCase,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.alarm.onRedisLost(() => this.tick());
    this.tick();
    this.timer = setInterval(() => this.tick(), this.config.DEADLINE_RECONCILE_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs a reconciliation, or one more right after the current one. */
  tick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.reconcile()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ err: errorSummary(error) }, 'deadline reconciliation failed; will retry'),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.tick();
        }
      });
  }

  async reconcile(): Promise<{ fired: number; armed: number; local: number }> {
    const fired = await this.fire.fireAllDue(this.config.DEADLINE_FIRE_BATCH, this.config.DEADLINE_FIRE_PARALLEL);
    let armed = 0;
    let local = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query<Array<{ slot: number; now_ms: number }>>(
        `SELECT DISTINCT (ceil(extract(epoch FROM due_at) * 1000 / $2) * $2)::float8 AS slot,
                (extract(epoch FROM now()) * 1000)::float8 AS now_ms
           FROM dispatch.deadlines
          WHERE fired_at IS NULL AND cancelled_at IS NULL
            AND due_at > to_timestamp($1::float8 / 1000)
            AND due_at <= now() + $3::float8 * interval '1 millisecond'
          ORDER BY slot LIMIT $4`,
        [after, this.config.DEADLINE_SLOT_MS, this.config.DEADLINE_HORIZON_MS, PAGE],
      );
      if (rows.length === 0) break;
      const where = await this.alarm.arm(
        rows.map((row) => ({ slot: row.slot, delayMs: delayUntil(row.slot, row.now_ms), retry: 0 })),
      );
      if (where === 'redis') armed += rows.length;
      else local += rows.length;
      after = rows[rows.length - 1].slot;
      if (rows.length < PAGE) break;
    }
    if (fired > 0 || local > 0) this.logger.info({ fired, armed, local }, 'deadlines reconciled');
    return { fired, armed, local };
  }
}
