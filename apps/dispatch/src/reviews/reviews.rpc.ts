import { Controller, Inject, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { WQY_MICROHEI_FAMILY } from '#libs/documents';
import { AppError } from '#libs/errors';
import { OnRoute } from '#libs/messaging';
import type { DispatchConfig } from '../config.js';
import { MakeReviewUseCase } from './make-review.use-case.js';
import { ReviewStore } from './review-store.js';

const {
  DispatchMakeBiweeklyReview: Make,
  DispatchGetBiweeklyReview: Get,
  DispatchGetBiweeklyReviewPdf: Pdf,
  DispatchGetBiweeklyReviewDocx: Docx,
} = Routes;

/** The biweekly risk review: made by the task force (or the schedule), read by the county's roles. */
@Controller()
@UseGuards(AuthGuard)
export class ReviewsRpc {
  constructor(
    private readonly makeReview: MakeReviewUseCase,
    private readonly store: ReviewStore,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** The task force makes a fortnight's review by hand; a fortnight that has one answers it unchanged. */
  @OnRoute(Make)
  make(input: In<typeof Make>, actor: Actor) {
    return this.makeReview.execute(input.periodStart, actor.userId);
  }

  @OnRoute(Get, Pdf, Docx)
  async get(input: In<typeof Get>) {
    const period = this.makeReview.fortnightOf(input.periodStart);
    const review = await this.store.get(period.start);
    if (!review) throw AppError.notFound('biweekly review');
    if (input.format === 'json') return review;
    // Loaded on first use: pdfkit, docx, echarts and resvg are large, and only the review's files need them.
    const { reviewFile } = await import('./review-files.js');
    return reviewFile(
      review,
      input.format,
      { file: this.config.REVIEW_FONT, postscriptName: this.config.REVIEW_FONT_NAME, family: WQY_MICROHEI_FAMILY },
      this.config.COUNTY_TIMEZONE,
    );
  }
}
