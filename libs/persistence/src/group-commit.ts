import DataLoader from 'dataloader';

export interface GroupCommitOptions {
  /** Most items written by one transaction. */
  maxBatch?: number;
  /** Transactions in flight at once; items arriving meanwhile wait and go together in the next one. */
  parallel?: number;
}

/** Writes a batch; answers one result (or Error) per item, in order. */
export type WriteBatch<Item, Result> = (items: readonly Item[]) => Promise<ReadonlyArray<Result | Error>>;

/**
 * Group commit for commands that arrive concurrently (many schools submitting at once): each caller
 * waits for its own result as before, but the items that arrive while a transaction is in flight are
 * written together by the next one, so a burst costs a handful of commits and round trips instead
 * of one each. Nothing is held back when it is quiet: a lone item is written at once. Durability is
 * unchanged: every caller is answered only after the transaction holding its item committed.
 *
 * A batch that fails as a whole (one item breaking a constraint rolls back the others) is written
 * again one item at a time, so only the item at fault gets the error.
 */
export class GroupCommit<Item, Result> {
  private readonly loader: DataLoader<Item, Result, Item>;
  private slotsTaken = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly parallel: number;

  constructor(
    private readonly write: WriteBatch<Item, Result>,
    options: GroupCommitOptions = {},
  ) {
    this.parallel = Math.max(1, options.parallel ?? 2);
    this.loader = new DataLoader<Item, Result, Item>((items) => this.run(items), {
      cache: false,
      maxBatchSize: Math.max(1, options.maxBatch ?? 256),
      batchScheduleFn: (dispatch) => this.schedule(dispatch),
    });
  }

  /** Resolves once the item's transaction committed, with the item's own result. */
  submit(item: Item): Promise<Result> {
    return this.loader.load(item);
  }

  /** A batch is dispatched when a transaction slot is free; until then it keeps gathering items. */
  private schedule(dispatch: () => void): void {
    if (this.slotsTaken < this.parallel) {
      this.slotsTaken += 1;
      // After the current turn: every item submitted in this turn joins the batch.
      setImmediate(dispatch);
    } else {
      this.waiting.push(dispatch);
    }
  }

  private async run(items: readonly Item[]): Promise<ReadonlyArray<Result | Error>> {
    try {
      return await this.writeIsolating(items);
    } finally {
      const next = this.waiting.shift();
      if (next) setImmediate(next);
      else this.slotsTaken -= 1;
    }
  }

  private async writeIsolating(items: readonly Item[]): Promise<ReadonlyArray<Result | Error>> {
    try {
      return await this.write(items);
    } catch (error) {
      if (items.length === 1) return [asError(error)];
      const results: Array<Result | Error> = [];
      for (const item of items) {
        try {
          const [result] = await this.write([item]);
          results.push(result);
        } catch (itemError) {
          results.push(asError(itemError));
        }
      }
      return results;
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
