import { Inject } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DeadlineJob, QueueName } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { DeadlineJobData } from './deadline-alarm.js';
import { FireDeadlineUseCase } from './fire-deadline.use-case.js';

/** Thin shell: a wake-up from Redis runs the same use case as the reconciler. */
@Processor(QueueName.Deadlines)
export class DeadlineProcessor extends WorkerHost {
  /** Every job name of the queue has a handler; the Record type makes a missing one a compile error. */
  private readonly handlers: Record<DeadlineJob, (data: DeadlineJobData) => Promise<unknown>>;

  constructor(
    fireDeadline: FireDeadlineUseCase,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.handlers = { [DeadlineJob.Fire]: (data) => fireDeadline.execute(data.deadlineId, data.version) };
  }

  async process(job: Job<DeadlineJobData>): Promise<unknown> {
    const handler = this.handlers[job.name as DeadlineJob];
    if (!handler) throw new Error(`no handler for job ${job.name} on ${QueueName.Deadlines}`);
    return handler(job.data);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<DeadlineJobData> | undefined, error: Error) {
    this.logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: errorSummary(error) }, 'deadline job failed');
  }
}
