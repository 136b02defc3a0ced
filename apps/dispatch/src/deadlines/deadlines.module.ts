import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '#libs/contracts';
import { DeadlineAlarm } from './deadline-alarm.js';
import { DeadlineProcessor } from './deadline.processor.js';
import { DeadlineReconciler } from './deadline-reconciler.js';
import { Deadline } from './deadline.entity.js';
import { FireDeadlineUseCase } from './fire-deadline.use-case.js';

@Module({
  imports: [TypeOrmModule.forFeature([Deadline]), BullModule.registerQueue({ name: QueueName.Deadlines })],
  providers: [DeadlineAlarm, DeadlineProcessor, DeadlineReconciler, FireDeadlineUseCase],
  exports: [DeadlineAlarm],
})
export class DeadlinesModule {}
