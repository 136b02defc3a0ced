import { Module } from '@nestjs/common';
import { MakeReviewUseCase } from './make-review.use-case.js';
import { ReviewRows } from './review-rows.js';
import { ReviewSchedule } from './review-schedule.js';
import { ReviewStore } from './review-store.js';
import { ReviewsRpc } from './reviews.rpc.js';

/** The biweekly risk review (每两周研判): made on schedule or by hand, kept as made, read as JSON, PDF or DOCX. */
@Module({
  controllers: [ReviewsRpc],
  providers: [ReviewRows, ReviewStore, MakeReviewUseCase, ReviewSchedule],
})
export class ReviewsModule {}
