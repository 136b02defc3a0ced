import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '#libs/config';
import { DeliveryJob, QueueName } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { NotifyConfig } from '../config.js';

/** No Redis call may hold up a reconciliation or a shutdown for longer than this. */
const REDIS_TIMEOUT_MS = 1000;

export interface DeliveryJobData {
  deliveryId: string;
}

export interface EnqueuedAttempt {
  deliveryId: string;
  /** Attempts made so far: the job id names the attempt it is for, so re-enqueueing one adds nothing. */
  attempts: number;
  delayMs: number;
  /** A job that came early is re-armed under another id: its own id is still taken while it runs. */
  early?: boolean;
}

/**
 * BullMQ only wakes notify up for an attempt of a delivery; the delivery row in Postgres says
 * whether to send. Jobs carry the delivery's id alone (no address, no text). Losing a job is
 * harmless: the reconciler enqueues every queued delivery again from Postgres. The queue's
 * connection fails fast, so a Redis outage delays deliveries and never blocks event handling.
 */
@Injectable()
export class DeliveryQueue implements BeforeApplicationShutdown {
  private readonly queueConnection: Redis;
  private readonly queue: Queue<DeliveryJobData>;
  private workerConnection?: Redis;
  private worker?: Worker<DeliveryJobData>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: NotifyConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queueConnection = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: REDIS_TIMEOUT_MS,
      commandTimeout: REDIS_TIMEOUT_MS,
    });
    this.queueConnection.on('error', () => undefined);
    this.queue = new Queue<DeliveryJobData>(QueueName.NotifyDeliveries, {
      connection: this.queueConnection,
      prefix: config.REDIS_PREFIX,
    });
    this.queue.on('error', () => undefined);
  }

  start(handler: (deliveryId: string) => Promise<void>): void {
    this.workerConnection = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', () => undefined);
    this.worker = new Worker<DeliveryJobData>(
      QueueName.NotifyDeliveries,
      async (job: Job<DeliveryJobData>) => handler(job.data.deliveryId),
      { connection: this.workerConnection, prefix: this.config.REDIS_PREFIX, concurrency: 8 },
    );
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ jobId: job?.id, err: errorSummary(error) }, 'delivery job failed; the reconciler retries it'),
    );
  }

  /** Adds one job per attempt; throws when Redis does not answer (the reconciler tries again). */
  async enqueue(attempts: readonly EnqueuedAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await bounded(
      this.queue.addBulk(
        attempts.map((attempt) => ({
          name: DeliveryJob.Send,
          data: { deliveryId: attempt.deliveryId },
          opts: {
            jobId: `${attempt.deliveryId}-${attempt.attempts}${attempt.early ? `-early-${Date.now()}` : ''}`,
            delay: Math.max(0, attempt.delayMs),
            // The job itself is not retried by BullMQ: back-off is Postgres's (next_attempt_at), one job per attempt.
            attempts: 1,
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      ),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([
      bounded(this.worker?.close() ?? Promise.resolve(), this.config.DELIVERY_TIMEOUT_MS + 2000),
      bounded(this.queue.close(), REDIS_TIMEOUT_MS),
    ]);
    this.workerConnection?.disconnect();
    this.queueConnection.disconnect();
  }
}

function bounded<T>(work: Promise<T>, ms = REDIS_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
