import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { PeriodicRun } from '#libs/service-kit';
import { loadCalendars } from '../calendars/calendar-store.js';
import type { DispatchConfig } from '../config.js';
import { dueDigestDay, isWorkingDate } from './digest-day.js';
import { MakeDailyDigestUseCase } from './make-daily-digest.use-case.js';

/**
 * Sends each unit with open tasks its digest at DAILY_DIGEST_TIME (county time), on working days
 * unless DAILY_DIGEST_DAYS=every. Checked at start-up (a digest missed while dispatch was down
 * goes out later the same day) and on an interval; unset DAILY_DIGEST_TIME, nothing runs.
 */
@Injectable()
export class DigestSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PeriodicRun;
  /** The day this process has seen handled, so later checks that day cost nothing. */
  private handled?: string;

  constructor(
    private readonly makeDigest: MakeDailyDigestUseCase,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicRun(() => this.sendDueDigest(), {
      intervalMs: config.DAILY_DIGEST_INTERVAL_MS,
      runAtStart: true,
      onError: (error) => this.logger.warn({ err: errorSummary(error) }, 'daily digest failed; will retry'),
    });
  }

  onApplicationBootstrap() {
    if (this.config.DAILY_DIGEST_TIME) this.loop.start();
  }

  beforeApplicationShutdown() {
    return this.loop.stop();
  }

  private async sendDueDigest() {
    const day = dueDigestDay(new Date(), this.config.COUNTY_TIMEZONE, this.config.DAILY_DIGEST_TIME!);
    if (day === undefined || day === this.handled) return;
    if (this.config.DAILY_DIGEST_DAYS === 'working') {
      const year = DateTime.fromISO(day).year;
      const calendars = await loadCalendars(this.dataSource.manager, year, year);
      if (!isWorkingDate(day, calendars(year))) {
        this.handled = day;
        return;
      }
    }
    const units = await this.makeDigest.execute(day);
    if (units !== undefined) this.logger.info({ day, units }, 'daily digests sent');
    this.handled = day;
  }
}
