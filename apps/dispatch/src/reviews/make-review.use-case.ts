import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import type { DispatchConfig } from '../config.js';
import { fortnight, lastCompleteFortnight, notOnGrid, previousFortnight } from './fortnights.js';
import { composeReview } from './review-content.js';
import { ReviewRows } from './review-rows.js';
import { ReviewStore, type StoredReview } from './review-store.js';

/**
 * Makes a fortnight's review once: a fortnight that has one keeps it (a review, once made, is
 * what the meeting saw, so asking again answers the stored one and never regenerates it).
 */
@Injectable()
export class MakeReviewUseCase {
  constructor(
    private readonly rows: ReviewRows,
    private readonly store: ReviewStore,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** The fortnight a request names (a grid Monday that has ended), or by default the last complete one. */
  fortnightOf(periodStart: string | undefined, now = new Date()) {
    const zone = this.config.COUNTY_TIMEZONE;
    if (periodStart === undefined) return lastCompleteFortnight(now, this.config.REVIEW_ANCHOR_MONDAY, zone);
    const problem = notOnGrid(periodStart, this.config.REVIEW_ANCHOR_MONDAY);
    if (problem) throw AppError.badRequest(`periodStart ${problem}`, 'periodStart');
    return fortnight(periodStart, zone);
  }

  async execute(periodStart: string | undefined, madeBy: string): Promise<StoredReview & { created: boolean }> {
    const now = new Date();
    const period = this.fortnightOf(periodStart, now);
    if (period.to > now) throw AppError.badRequest('periodStart must be a fortnight that has ended', 'periodStart');
    const existing = await this.store.get(period.start);
    if (existing) return { ...existing, created: false };
    const previous = previousFortnight(period, this.config.COUNTY_TIMEZONE);
    const { cases, tasks } = await this.rows.load(period, previous);
    const content = composeReview({ period, previous, madeAt: now, cases, tasks });
    const created = await this.store.insert(content, madeBy);
    // Another process may have written the fortnight between the read and the insert: its review stands.
    const stored = created ? { ...content, madeBy } : await this.store.get(period.start);
    if (!stored) throw new Error(`the review of ${period.start} was neither written nor found`);
    return { ...stored, created };
  }
}
