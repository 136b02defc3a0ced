import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '#libs/config';
import { DeadlineJob, QueueName } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { DispatchConfig } from '../config.js';
import { LocalWakeUps } from './local-wake-ups.js';
import type { WakeUp, WakeUpJobData } from './wake-up.js';
import { wakeUpJobId } from './wake-up-plan.js';

/** No Redis call may hold up a command, a reconciliation or a shutdown for longer than this. */
const REDIS_TIMEOUT_MS = 1000;

/**
 * The wake-up side of deadlines: BullMQ delayed jobs in Redis, one per slot, with in-process
 * timers when Redis is away. Arming never waits on Redis: the queue's connection fails fast
 * (no offline queue) and every call is bounded, so commands answer and shutdown completes
 * during an outage. Losing a wake-up is harmless: the reconciler arms it again from Postgres.
 */
@Injectable()
export class DeadlineAlarm implements BeforeApplicationShutdown {
  private readonly queueConnection: Redis;
  private readonly queue: Queue<WakeUpJobData>;
  private workerConnection?: Redis;
  private worker?: Worker<WakeUpJobData>;
  private handler?: (wakeUp: WakeUp) => Promise<void>;
  /** Ready before `start`: a reconciliation at boot may already need it; what wakes before `start` is left to the next. */
  private readonly local = new LocalWakeUps(async (wakeUp) => {
    await this.handler?.(wakeUp).catch((error: unknown) =>
      this.logger.warn({ err: errorSummary(error) }, 'in-process deadline wake-up failed; reconciler will retry'),
    );
  });
  private redisUp = false;
  private closing = false;
  private readonly lostListeners: Array<() => void> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queueConnection = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: REDIS_TIMEOUT_MS,
      commandTimeout: REDIS_TIMEOUT_MS,
    });
    this.queueConnection.on('error', () => undefined); // reconnects on its own; arming falls back meanwhile
    this.queueConnection.on('ready', () => (this.redisUp = true));
    this.queueConnection.on('close', () => {
      if (!this.redisUp || this.closing) return;
      this.redisUp = false;
      this.logger.warn('Redis connection lost: deadlines wake up from in-process timers until it is back');
      for (const listener of this.lostListeners) listener();
    });
    this.queue = new Queue<WakeUpJobData>(QueueName.Deadlines, {
      connection: this.queueConnection,
      prefix: config.REDIS_PREFIX,
    });
    this.queue.on('error', () => undefined);
  }

  /** Starts taking wake-ups, from Redis and from in-process timers, into `handler`. */
  start(handler: (wakeUp: WakeUp) => Promise<void>): void {
    this.handler = handler;
    // BullMQ's blocking connection must retry forever; it is ours to cut at shutdown.
    this.workerConnection = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', () => undefined);
    this.worker = new Worker<WakeUpJobData>(
      QueueName.Deadlines,
      async (job: Job<WakeUpJobData>) => handler(wakeUpOf(job)),
      { connection: this.workerConnection, prefix: this.config.REDIS_PREFIX, concurrency: 2 },
    );
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ jobId: job?.id, err: errorSummary(error) }, 'deadline wake-up failed'),
    );
  }

  /** Called when the Redis connection drops, so wake-ups already in Redis move to in-process timers. */
  onRedisLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  /**
   * Arms wake-ups in Redis, or in-process when Redis does not answer at once. Never throws:
   * returns where they went. Arming a slot already armed queues it once (the job id is the slot).
   */
  async arm(wakeUps: readonly WakeUp[]): Promise<'redis' | 'local'> {
    if (wakeUps.length === 0) return 'redis';
    try {
      await bounded(
        this.queue.addBulk(
          wakeUps.map((wakeUp) => ({
            name: DeadlineJob.WakeUp,
            data: { slot: wakeUp.slot, retry: wakeUp.retry },
            opts: {
              jobId: wakeUpJobId(wakeUp.slot, wakeUp.retry),
              delay: wakeUp.delayMs,
              attempts: 3,
              backoff: { type: 'exponential', delay: 500 },
              // Neither a completed nor a failed job may keep its id: that would block re-arming the slot.
              removeOnComplete: true,
              removeOnFail: true,
            },
          })),
        ),
      );
      this.local.cancel(wakeUps.map((wakeUp) => wakeUp.slot));
      return 'redis';
    } catch (error) {
      this.logger.debug({ err: errorSummary(error), slots: wakeUps.length }, 'wake-ups armed in-process');
      this.local.schedule(wakeUps);
      return 'local';
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.local.stop();
    await Promise.allSettled([
      bounded(this.worker?.close(true) ?? Promise.resolve(), 5000),
      bounded(this.queue.close(), REDIS_TIMEOUT_MS),
    ]);
    this.workerConnection?.disconnect();
    this.queueConnection.disconnect();
  }
}

/** Jobs armed before slots existed (one per deadline, `deadline.fire`) wake at their own time. */
function wakeUpOf(job: Job<WakeUpJobData>): WakeUp {
  const slot = job.name === String(DeadlineJob.WakeUp) ? job.data.slot : job.timestamp + (job.delay ?? 0);
  return { slot, delayMs: 0, retry: job.data.retry ?? 0 };
}

function bounded<T>(work: Promise<T>, ms = REDIS_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
