import { PeriodicRun } from './periodic-run.js';

describe('PeriodicRun', () => {
  it('runs at start when asked, never twice at once, reports failures and waits for the run in flight on stop', async () => {
    let runs = 0;
    let release!: () => void;
    const errors: unknown[] = [];
    const loop = new PeriodicRun(
      async () => {
        runs += 1;
        if (runs === 2) throw new Error('boom');
        await new Promise<void>((resolve) => (release = resolve));
      },
      { intervalMs: 60_000, runAtStart: true, onError: (error) => errors.push(error) },
    );
    loop.start();
    expect(runs).toBe(1);
    const skipped = loop.tick();
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await Promise.all([skipped, stopping]);
    expect(stopped).toBe(true);
    await loop.tick();
    expect(runs).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('does not run at start unless asked', () => {
    let runs = 0;
    const loop = new PeriodicRun(
      () => {
        runs += 1;
        return Promise.resolve();
      },
      { intervalMs: 60_000, onError: () => undefined },
    );
    loop.start();
    expect(runs).toBe(0);
    void loop.stop();
  });

  it('takes batches until one comes back short, or until it is stopped', async () => {
    const loop = new PeriodicRun(() => Promise.resolve(), { intervalMs: 60_000, onError: () => undefined });
    loop.start();
    const sizes = [50, 50, 12, 50];
    expect(await loop.batchesUntilShort(() => Promise.resolve(sizes.shift()!), 50)).toBe(112);
    expect(sizes).toEqual([50]);

    let batches = 0;
    const total = loop.batchesUntilShort(async () => {
      batches += 1;
      if (batches === 2) await loop.stop();
      return 50;
    }, 50);
    expect(await total).toBe(100);
    expect(loop.stopped).toBe(true);
  });
});
