import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DeadlineJob, QueueName } from '#libs/contracts';
import { LOGGER, type Logger } from '#libs/observability';
import { type Deadline, deadlineJobId } from './deadline.entity.js';

export interface DeadlineJobData {
  deadlineId: string;
  version: number;
}

/** Arms and disarms the Redis wake-up for a deadline. Losing one is harmless: the reconciler re-arms it. */
@Injectable()
export class DeadlineAlarm {
  constructor(
    @InjectQueue(QueueName.Deadlines) private readonly queue: Queue<DeadlineJobData>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async arm(deadline: Pick<Deadline, 'id' | 'version' | 'dueAt'>): Promise<void> {
    await this.queue.add(
      DeadlineJob.Fire,
      { deadlineId: deadline.id, version: deadline.version },
      {
        jobId: deadlineJobId(deadline),
        delay: Math.max(0, deadline.dueAt.getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  /** Best effort: after commit, Redis may be away; the reconciler and the fire condition cover it. */
  async armQuietly(deadlines: Array<Pick<Deadline, 'id' | 'version' | 'dueAt'>>): Promise<void> {
    for (const deadline of deadlines) {
      await this.arm(deadline).catch(() =>
        this.logger.warn({ deadlineId: deadline.id }, 'could not arm deadline; reconciler will'),
      );
    }
  }

  async disarmQuietly(deadline: Pick<Deadline, 'id' | 'version'>): Promise<void> {
    await this.queue.remove(deadlineJobId(deadline)).catch(() => undefined);
  }
}
