/**
 * Background work repeated on an interval in every process of a service (sweeps, schedulers): at
 * most one run at a time per process (a tick while one runs is skipped), an optional run at
 * start-up (so what fell due while the service was down is caught up), and a stop that waits for
 * the run in flight. Whatever must happen once across processes is the work's own business
 * (row locks, unique keys, advisory locks), not this loop's.
 */
export class PeriodicRun {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly options: { intervalMs: number; runAtStart?: boolean; onError: (error: unknown) => void },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
    // tick() never rejects: the work's failures go to onError.
    if (this.options.runAtStart) void this.tick();
  }

  /** Not started, or stopping: long work checks it between steps to let a shutdown through. */
  get stopped(): boolean {
    return this.timer === undefined;
  }

  /**
   * Runs `batch` (which answers how many it did) until one does fewer than `size`, i.e. nothing more
   * is due now, or the loop is stopping; answers the total.
   */
  async batchesUntilShort(batch: () => Promise<number>, size: number): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await batch();
      total += count;
      if (count < size || this.stopped) return total;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs the work now unless a run is in flight; the returned promise settles when it is done. */
  tick(): Promise<void> {
    this.running ??= this.work()
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
