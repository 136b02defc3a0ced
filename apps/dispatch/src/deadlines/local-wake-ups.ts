import type { WakeUp } from './wake-up.js';

/**
 * In-process timers for wake-ups that could not be put in Redis (Redis away): Postgres still
 * knows every deadline, so the process that tried to arm a slot wakes itself at its time.
 * They die with the process; the next reconciliation, in whichever process, arms them again.
 */
export class LocalWakeUps {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly onWakeUp: (wakeUp: WakeUp) => Promise<void>) {}

  get size(): number {
    return this.timers.size;
  }

  schedule(wakeUps: readonly WakeUp[]): void {
    if (this.stopped) return;
    for (const wakeUp of wakeUps) {
      if (this.timers.has(wakeUp.slot)) continue;
      const timer = setTimeout(() => {
        this.timers.delete(wakeUp.slot);
        void this.onWakeUp(wakeUp);
      }, wakeUp.delayMs);
      this.timers.set(wakeUp.slot, timer);
    }
  }

  /** Slots now armed in Redis need no local timer. */
  cancel(slots: readonly number[]): void {
    for (const slot of slots) {
      clearTimeout(this.timers.get(slot));
      this.timers.delete(slot);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
