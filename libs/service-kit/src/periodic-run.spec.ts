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
});
