import { Controller, Inject, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { getBiweeklyReviewRequest, makeBiweeklyReviewRequest, RpcPattern } from '#libs/contracts';
import { WQY_MICROHEI_FAMILY } from '#libs/documents';
import { AppError, ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import type { DispatchConfig } from '../config.js';
import { MakeReviewUseCase } from './make-review.use-case.js';
import { ReviewStore } from './review-store.js';

type In<S extends z.ZodType> = z.infer<S>;

@Controller()
@UseGuards(AuthGuard)
export class ReviewsRpc {
  constructor(
    private readonly makeReview: MakeReviewUseCase,
    private readonly store: ReviewStore,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** The task force makes a fortnight's review by hand; a fortnight that has one answers it unchanged. */
  @OnRpc(RpcPattern.DispatchMakeBiweeklyReview)
  @Roles('taskforce_dispatcher')
  make(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(makeBiweeklyReviewRequest)) input: In<typeof makeBiweeklyReviewRequest>,
  ) {
    return this.makeReview.execute(input.periodStart, actor.userId);
  }

  @OnRpc(RpcPattern.DispatchGetBiweeklyReview)
  @Roles('taskforce_dispatcher', 'supervisor', 'administrator')
  async get(@Payload(new ZodValidationPipe(getBiweeklyReviewRequest)) input: In<typeof getBiweeklyReviewRequest>) {
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
