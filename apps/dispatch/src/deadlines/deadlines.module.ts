import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlineAlarm } from './deadline-alarm.js';
import { DeadlineMetrics } from './deadline-metrics.js';
import { DeadlineProcessor } from './deadline.processor.js';
import { DeadlineReconciler } from './deadline-reconciler.js';
import { Deadline } from './deadline.entity.js';
import { FireDeadlinesUseCase } from './fire-deadlines.use-case.js';
import { WakeUpDeadlinesUseCase } from './wake-up-deadlines.use-case.js';

@Module({
  imports: [TypeOrmModule.forFeature([Deadline])],
  providers: [
    DeadlineAlarm,
    DeadlineMetrics,
    DeadlineProcessor,
    DeadlineReconciler,
    FireDeadlinesUseCase,
    WakeUpDeadlinesUseCase,
  ],
  exports: [DeadlineAlarm, FireDeadlinesUseCase],
})
export class DeadlinesModule {}
