import { delayUntil, earlyWakeUp, slotOf, wakeUpJobId, wakeUpsToArm } from './wake-up-plan.js';

describe('wake-up plan', () => {
  const options = { slotMs: 100, horizonMs: 60_000 };

  it('wakes at the end of the slot a due time falls in, never before it', () => {
    expect(slotOf(1_000, 100)).toBe(1_000);
    expect(slotOf(1_001, 100)).toBe(1_100);
    expect(slotOf(1_099.5, 100)).toBe(1_100);
    for (const due of [0, 1, 99, 100, 12_345, 1_764_567_890_123]) {
      expect(slotOf(due, 100)).toBeGreaterThanOrEqual(due);
      expect(slotOf(due, 100) - due).toBeLessThan(100);
    }
  });

  it('arms one wake-up per slot inside the horizon, earliest first, and leaves later ones for the reconciler', () => {
    const now = 10_000;
    const wakeUps = wakeUpsToArm([10_950, 10_420, 10_401, 10_500, 70_000, 70_001, 200_000], now, options);
    expect(wakeUps).toEqual([
      { slot: 10_500, delayMs: 500, retry: 0 },
      { slot: 11_000, delayMs: 1_000, retry: 0 },
      { slot: 70_000, delayMs: 60_000, retry: 0 },
    ]);
  });

  it('wakes at once for a slot already past', () => {
    expect(wakeUpsToArm([9_000], 10_000, options)).toEqual([{ slot: 9_000, delayMs: 0, retry: 0 }]);
    expect(delayUntil(9_000, 10_000)).toBe(0);
    expect(delayUntil(10_000.4, 10_000)).toBe(1);
  });

  it('names a wake-up by its slot, and a re-armed one by its retry', () => {
    expect(wakeUpJobId(1_764_567_890_100)).toBe('deadline-at-1764567890100');
    expect(wakeUpJobId(1_764_567_890_100, 2)).toBe('deadline-at-1764567890100-r2');
    expect(wakeUpJobId(500)).toBe(wakeUpJobId(500, 0));
  });

  it('re-arms a wake-up that came early by the database clock for the time that remains', () => {
    expect(earlyWakeUp(null, 0)).toBeNull();
    expect(earlyWakeUp(250.2, 0)).toEqual({ delayMs: 251, retry: 1 });
    expect(earlyWakeUp(0.1, 3)).toEqual({ delayMs: 1, retry: 4 });
    // A clock that keeps running ahead is left to the reconciler rather than re-armed forever.
    expect(earlyWakeUp(100, 20)).toBeNull();
  });
});
