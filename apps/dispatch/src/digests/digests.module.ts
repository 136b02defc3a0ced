import { Module } from '@nestjs/common';
import { DigestSchedule } from './digest-schedule.js';
import { MakeDailyDigestUseCase } from './make-daily-digest.use-case.js';

/** The daily digest (每日待办): each unit's open and overdue tasks, once a day, told by notify. */
@Module({ providers: [MakeDailyDigestUseCase, DigestSchedule] })
export class DigestsModule {}
