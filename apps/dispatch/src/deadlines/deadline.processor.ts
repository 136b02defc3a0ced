import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DeadlineAlarm } from './deadline-alarm.js';
import { WakeUpDeadlinesUseCase } from './wake-up-deadlines.use-case.js';

/** Thin shell: every wake-up, from Redis or an in-process timer, runs the same use case. */
@Injectable()
export class DeadlineProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly alarm: DeadlineAlarm,
    private readonly wakeUps: WakeUpDeadlinesUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.alarm.start((wakeUp) => this.wakeUps.execute(wakeUp));
  }
}
