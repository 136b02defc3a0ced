import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaskAckBreached } from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { LOGGER, type Logger } from '#libs/observability';

interface FiredRow {
  task_id: string;
  due_at: Date;
  case_id: string;
  unit_id: string;
  reference: string;
}

/**
 * Fires a deadline at most once, however many wake-ups arrive (a delayed job, a retry, the
 * reconciler): the conditional update is the only gate, and the breach event commits with it.
 */
@Injectable()
export class FireDeadlineUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(deadlineId: string, version: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // An UPDATE through TypeORM's postgres driver resolves to [rows, affectedCount].
      const [fired]: [FiredRow[], number] = await manager.query(
        `UPDATE dispatch.deadlines d SET fired_at = now()
           FROM dispatch.tasks t JOIN dispatch.cases c ON c.id = t.case_id
          WHERE d.id = $1 AND d.version = $2 AND d.task_id = t.id
            AND d.fired_at IS NULL AND d.cancelled_at IS NULL AND d.due_at <= now()
        RETURNING d.task_id, d.due_at, t.case_id, t.unit_id, c.reference`,
        [deadlineId, version],
      );
      const row = fired[0];
      if (!row) return false;
      await this.outbox.append(manager, TaskAckBreached, {
        taskId: row.task_id,
        caseId: row.case_id,
        reference: row.reference,
        unitId: row.unit_id,
        ackDueAt: row.due_at.toISOString(),
        breachedAt: new Date().toISOString(),
      });
      this.logger.info({ deadlineId, taskId: row.task_id }, 'acknowledgement deadline breached');
      return true;
    });
  }
}
