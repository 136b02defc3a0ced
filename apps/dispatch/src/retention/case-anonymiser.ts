import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseAnonymised } from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { CASE_FREE_TEXTS, type ClosedCase, closedCasesCutoff, isCaseDue } from './case-retention-rule.js';

/**
 * Removes the free texts of one batch of due cases in one transaction, marks them anonymised and
 * tells intake (`dispatch.case.anonymised`, in the outbox of the same transaction) to remove their
 * evidence files. SKIP LOCKED lets two processes share the work, and a case a command holds waits
 * for the next sweep.
 */
@Injectable()
export class CaseAnonymiser {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Resolves with how many were anonymised: fewer than `batch` means nothing more is due now. */
  batch(period: string, batch: number, now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Array<ClosedCase & { id: string }>>(
        `SELECT id, status, updated_at AS "updatedAt" FROM dispatch.cases
          WHERE anonymised_at IS NULL AND status IN ('CLOSED', 'REJECTED', 'MERGED') AND updated_at <= $2
          ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch, closedCasesCutoff(period, now)],
      );
      // The query narrows by the cutoff; the rule has the last word on each case.
      const ids = rows.filter((row) => isCaseDue(row, period, now)).map((row) => row.id);
      if (ids.length === 0) return 0;
      await manager.query(`UPDATE dispatch.cases SET ${CASE_FREE_TEXTS.cases}, anonymised_at = $2 WHERE id = ANY($1)`, [
        ids,
        now,
      ]);
      for (const table of ['case_transitions', 'tasks', 'extensions'] as const) {
        await manager.query(`UPDATE dispatch.${table} SET ${CASE_FREE_TEXTS[table]} WHERE case_id = ANY($1)`, [ids]);
      }
      await this.outbox.appendMany(
        manager,
        CaseAnonymised,
        ids.map((caseId) => ({ caseId, anonymisedAt: now.toISOString() })),
      );
      return ids.length;
    });
  }
}
