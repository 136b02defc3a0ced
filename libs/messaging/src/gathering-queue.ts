export interface GatheringOptions {
  /** Most items handed over at once. */
  maxBatch: number;
  /**
   * How long the oldest waiting item may wait for others before its batch is handed over (0: at
   * once). A consumer nobody waits on (a projection, notifications) spends one transaction on what
   * arrives within this time instead of one per event when traffic is steady but light.
   */
  gatherMs: number;
}

interface Waiting<T> {
  item: T;
  at: number;
}

/**
 * Items handed to `take` in batches, one batch at a time: everything that arrived while the last
 * batch was taken goes in the next one (up to `maxBatch`), and with `gatherMs` a batch that is not
 * full yet waits until its oldest item is that old. Closing stops at once; items not taken stay
 * with their source (for a consumer: unacked, so the broker delivers them again).
 */
export class GatheringQueue<T> {
  private readonly waiting: Array<Waiting<T>> = [];
  private running?: Promise<void>;
  private wakeUp?: () => void;
  private closed = false;

  constructor(
    private readonly take: (batch: T[]) => Promise<void>,
    private readonly options: GatheringOptions,
  ) {}

  push(item: T): void {
    this.waiting.push({ item, at: performance.now() });
    if (this.waiting.length >= this.options.maxBatch) this.wakeUp?.();
    this.running ??= this.run().finally(() => (this.running = undefined));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeUp?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (this.waiting.length > 0 && !this.closed) {
      await this.gather();
      if (this.closed) return;
      const batch = this.waiting.splice(0, this.options.maxBatch).map((waiting) => waiting.item);
      await this.take(batch);
    }
  }

  /** Until the oldest item is `gatherMs` old, the batch is full, or the queue is closed. */
  private gather(): Promise<void> {
    const wait = this.waiting[0].at + this.options.gatherMs - performance.now();
    if (wait <= 0 || this.waiting.length >= this.options.maxBatch) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp?.(), wait);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }
}
