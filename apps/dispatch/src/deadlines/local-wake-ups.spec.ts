import { jest } from '@jest/globals';
import { LocalWakeUps } from './local-wake-ups.js';
import type { WakeUp } from './wake-up.js';

describe('in-process wake-ups', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const wakeUp = (slot: number, delayMs: number): WakeUp => ({ slot, delayMs, retry: 0 });

  it('wakes each slot once, at its time', async () => {
    const woken: number[] = [];
    const local = new LocalWakeUps((w) => Promise.resolve(void woken.push(w.slot)));
    local.schedule([wakeUp(200, 200), wakeUp(100, 100)]);
    local.schedule([wakeUp(100, 100)]);
    expect(local.size).toBe(2);
    await jest.advanceTimersByTimeAsync(99);
    expect(woken).toEqual([]);
    await jest.advanceTimersByTimeAsync(150);
    expect(woken).toEqual([100, 200]);
    expect(local.size).toBe(0);
  });

  it('drops the slots armed in Redis since, and everything once stopped', async () => {
    const woken: number[] = [];
    const local = new LocalWakeUps((w) => Promise.resolve(void woken.push(w.slot)));
    local.schedule([wakeUp(100, 100), wakeUp(200, 200)]);
    local.cancel([100]);
    await jest.advanceTimersByTimeAsync(150);
    expect(woken).toEqual([]);
    local.stop();
    local.schedule([wakeUp(300, 10)]);
    await jest.advanceTimersByTimeAsync(500);
    expect(woken).toEqual([]);
  });
});
