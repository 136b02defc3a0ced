import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { PeriodicRun } from '#libs/service-kit';
import type { DispatchConfig } from '../config.js';
import { dueFortnight } from './fortnights.js';
import { MakeReviewUseCase } from './make-review.use-case.js';
import { ReviewStore } from './review-store.js';

/** Who made a review the schedule made. */
export const BY_SCHEDULE = 'schedule';

/**
 * Makes each fortnight's review at the review time of the Monday that ends it. Checked at start-up
 * (so the latest review missed while dispatch was down is made then) and on an interval; every
 * process checks, and the fortnight's unique row lets only one write it.
 */
@Injectable()
export class ReviewSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: PeriodicRun;
  /** The fortnight whose review this process has seen made. */
  private checked?: string;

  constructor(
    private readonly makeReview: MakeReviewUseCase,
    private readonly store: ReviewStore,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicRun(() => this.makeDueReview(), {
      intervalMs: config.REVIEW_SCHEDULE_INTERVAL_MS,
      runAtStart: true,
      onError: (error) =>
        this.logger.warn({ err: errorSummary(error) }, 'scheduled biweekly review failed; will retry'),
    });
  }

  onApplicationBootstrap() {
    if (this.config.REVIEW_SCHEDULE_ENABLED) this.loop.start();
  }

  beforeApplicationShutdown() {
    return this.loop.stop();
  }

  private async makeDueReview() {
    const { COUNTY_TIMEZONE, REVIEW_ANCHOR_MONDAY, REVIEW_TIME } = this.config;
    const due = dueFortnight(new Date(), REVIEW_ANCHOR_MONDAY, COUNTY_TIMEZONE, REVIEW_TIME);
    if (due.start === this.checked) return;
    let made = false;
    if (!(await this.store.has(due.start))) {
      made = (await this.makeReview.execute(due.start, BY_SCHEDULE)).created;
      if (made) this.logger.info({ periodStart: due.start }, 'biweekly review made');
    }
    // Once per fortnight and process: the due review exists now, by this process or another.
    this.checked = due.start;
    this.logger.info({ periodStart: due.start, made }, 'review schedule checked');
  }
}
