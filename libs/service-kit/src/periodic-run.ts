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
    // tick() never rejects: the work's failures go to onError.
    if (this.options.runAtStart) void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
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
