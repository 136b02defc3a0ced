import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitDigestMade } from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { OVERDUE_TASK_SQL } from '../tasks/overdue-task-sql.js';
import { composeDigests, type OpenTask } from './compose-digests.js';

/** Every task still owing a step: the acknowledgement while assigned, then the rectification (or an assisting unit's feedback). */
const OPEN_TASKS = `
  SELECT t.unit_id AS "unitId", t.id AS "taskId", t.case_id AS "caseId", c.reference, t.role,
         CASE WHEN t.status = 'ASSIGNED' THEN 'ack' ELSE 'rectify' END AS deadline,
         CASE WHEN t.status = 'ASSIGNED' THEN t.ack_due_at ELSE t.rectify_due_at END AS "dueAt",
         ${OVERDUE_TASK_SQL} AS overdue
    FROM dispatch.tasks t JOIN dispatch.cases c ON c.id = t.case_id
   WHERE t.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')`;

type OpenTaskRow = Omit<OpenTask, 'dueAt'> & { dueAt: Date | null };

/**
 * Makes a day's digests once across processes and restarts: the day's row is the claim, written in
 * the transaction that puts the digests in the outbox, so a second process (or a second start the
 * same day) finds the day made.
 */
@Injectable()
export class MakeDailyDigestUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** How many units were sent a digest; `undefined` when the day's digests were already made. */
  execute(day: string): Promise<number | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager.query<unknown[]>(
        'INSERT INTO dispatch.daily_digests (day) VALUES ($1) ON CONFLICT (day) DO NOTHING RETURNING day',
        [day],
      );
      if (claimed.length === 0) return undefined;
      const rows = await manager.query<OpenTaskRow[]>(OPEN_TASKS);
      const digests = composeDigests(
        day,
        rows.map((row) => ({ ...row, dueAt: row.dueAt?.toISOString() ?? null })),
      );
      await this.outbox.appendMany(manager, UnitDigestMade, digests);
      await manager.query('UPDATE dispatch.daily_digests SET units = $2 WHERE day = $1', [day, digests.length]);
      return digests.length;
    });
  }
}
