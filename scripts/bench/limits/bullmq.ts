import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Isolation } from '#libs/testing';
import { TEST_REDIS_URL } from '#libs/testing';

const BULK = 1000;
const CONCURRENCY = 50;

export interface BullMqLimits {
  addPerSecond: number;
  processPerSecond: number;
}

/**
 * BullMQ against this Redis: jobs added in bulks of 1000, then one worker (concurrency 50) working
 * through them with a no-op processor, as the deadline queue would at best.
 */
export async function bullMqLimits(isolation: Isolation, jobs: number): Promise<BullMqLimits> {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const name = 'bench';
  const queue = new Queue(name, { connection, prefix: isolation.redisPrefix });
  const workerConnection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  let worker: Worker | undefined;
  try {
    let started = performance.now();
    for (let added = 0; added < jobs; added += BULK) {
      const count = Math.min(BULK, jobs - added);
      await queue.addBulk(
        Array.from({ length: count }, (_, i) => ({
          name: 'tick',
          data: { n: added + i },
          opts: { removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
    const addPerSecond = jobs / ((performance.now() - started) / 1000);

    let done = 0;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    started = performance.now();
    worker = new Worker(name, () => Promise.resolve(), {
      connection: workerConnection,
      prefix: isolation.redisPrefix,
      concurrency: CONCURRENCY,
    });
    worker.on('completed', () => {
      done += 1;
      if (done >= jobs) finish();
    });
    const timeout = setTimeout(() => finish(), 120_000);
    await finished;
    clearTimeout(timeout);
    if (done < jobs) throw new Error(`the worker processed ${done} of ${jobs} jobs in 120 s`);
    const processPerSecond = jobs / ((performance.now() - started) / 1000);
    return { addPerSecond, processPerSecond };
  } finally {
    await worker?.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    workerConnection.disconnect();
  }
}
