import { GroupCommit } from './group-commit.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes a lone item at once, and gathers the items that arrive meanwhile into the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstBlocked = new Promise<void>((resolve) => (release = resolve));
    const commit = new GroupCommit<number, string>(
      async (items) => {
        batches.push([...items]);
        if (batches.length === 1) await firstBlocked;
        return items.map((item) => `done ${item}`);
      },
      { parallel: 1 },
    );
    const first = commit.submit(1);
    await tick();
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((item) => commit.submit(item));
    await tick();
    expect(batches).toHaveLength(1);
    release();
    await expect(first).resolves.toBe('done 1');
    await expect(Promise.all(rest)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('splits a batch that fails as a whole, so only the item at fault gets the error', async () => {
    const calls: number[][] = [];
    const commit = new GroupCommit<number, number>((items) => {
      calls.push([...items]);
      if (items.includes(13)) return Promise.reject(new Error('unlucky item'));
      return Promise.resolve(items.map((item) => item * 2));
    });
    const results = await Promise.allSettled([1, 13, 5].map((item) => commit.submit(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('unlucky item') },
      { status: 'fulfilled', value: 10 },
    ]);
    expect(calls).toEqual([[1, 13, 5], [1], [13], [5]]);
  });

  it('never has more transactions in flight than allowed, and keeps every item', async () => {
    let inFlight = 0;
    let most = 0;
    const commit = new GroupCommit<number, number>(
      async (items) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return items;
      },
      { parallel: 2, maxBatch: 10 },
    );
    const items = Array.from({ length: 200 }, (_, i) => i);
    const results = await Promise.all(
      items.map(async (item) => {
        await tick();
        return commit.submit(item);
      }),
    );
    expect(results).toEqual(items);
    expect(most).toBe(2);
  });
});
