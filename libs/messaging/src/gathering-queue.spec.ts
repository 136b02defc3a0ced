import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { GatheringQueue } from './gathering-queue.js';

/** A queue whose batches are recorded; `hold` keeps a batch "in its transaction" until released. */
function recording(options: { maxBatch: number; gatherMs: number }) {
  const batches: number[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const queue = new GatheringQueue<number>(async (batch) => {
    batches.push(batch);
    if (hold) await new Promise<void>((resolve) => (release = resolve));
  }, options);
  return {
    queue,
    batches,
    holdNext: () => (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
  };
}

describe('GatheringQueue', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('hands a lone item over at once when it gathers nothing', async () => {
    const { queue, batches } = recording({ maxBatch: 10, gatherMs: 0 });
    queue.push(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1]]);
  });

  it('waits until the oldest item is gatherMs old, then hands over everything that came meanwhile', async () => {
    const { queue, batches } = recording({ maxBatch: 10, gatherMs: 20 });
    queue.push(1);
    await jest.advanceTimersByTimeAsync(15);
    queue.push(2);
    queue.push(3);
    await jest.advanceTimersByTimeAsync(4);
    expect(batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('hands a full batch over without waiting, and the rest after its own wait', async () => {
    const { queue, batches } = recording({ maxBatch: 3, gatherMs: 1000 });
    [1, 2, 3, 4].forEach((item) => queue.push(item));
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1, 2, 3]]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('does not wait again for items that aged while the last batch was taken', async () => {
    const { queue, batches, holdNext, release } = recording({ maxBatch: 10, gatherMs: 20 });
    holdNext();
    queue.push(1);
    await jest.advanceTimersByTimeAsync(20);
    expect(batches).toEqual([[1]]);
    queue.push(2);
    await jest.advanceTimersByTimeAsync(30);
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1], [2]]);
  });

  it('wakes a gathering batch when it fills up', async () => {
    const { queue, batches } = recording({ maxBatch: 2, gatherMs: 1000 });
    queue.push(1);
    await jest.advanceTimersByTimeAsync(10);
    queue.push(2);
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1, 2]]);
  });

  it('closes without waiting out the gathering, and hands nothing over after', async () => {
    const { queue, batches } = recording({ maxBatch: 10, gatherMs: 60_000 });
    queue.push(1);
    await jest.advanceTimersByTimeAsync(10);
    await queue.close();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(batches).toEqual([]);
  });
});
