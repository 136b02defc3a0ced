import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import type { DispatchConfig } from '../config.js';
import { DeadlineAlarm } from './deadline-alarm.js';
import { FireDeadlinesUseCase } from './fire-deadlines.use-case.js';
import type { WakeUp } from './wake-up.js';
import { earlyWakeUp } from './wake-up-plan.js';

/**
 * A wake-up (from Redis or an in-process timer) fires every deadline due by the database's
 * clock, not only its slot's. If its slot still holds a deadline that is not yet due, the
 * wake-up came early by that clock: it is armed again for the time that remains.
 */
@Injectable()
export class WakeUpDeadlinesUseCase {
  constructor(
    private readonly fire: FireDeadlinesUseCase,
    private readonly alarm: DeadlineAlarm,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async execute(wakeUp: WakeUp): Promise<void> {
    await this.fire.fireAllDue(this.config.DEADLINE_FIRE_BATCH, this.config.DEADLINE_FIRE_PARALLEL);
    const again = earlyWakeUp(await this.fire.msUntilPendingDue(wakeUp.slot), wakeUp.retry);
    if (again) await this.alarm.arm([{ slot: wakeUp.slot, delayMs: again.delayMs, retry: again.retry }]);
  }
}
