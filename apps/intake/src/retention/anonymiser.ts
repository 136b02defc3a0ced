import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { ATTACHMENT_STORE, type AttachmentStore } from '#libs/storage';
import { updatedRows } from '../attachments/link-attachments.js';
import type { IntakeConfig } from '../config.js';
import { ErasureAudit } from '../privacy/erasure-audit.js';
import type { CandidateRow, RetainedKind } from './retained-kinds.js';
import { dueCutoffs, isDue, type RetentionPeriods } from './retention-rule.js';

/**
 * Anonymises one batch of due tips or reports in one transaction: their personal columns, their
 * thread's texts and their files, with a row each in the audit. The rows are locked with SKIP
 * LOCKED, so two processes share the work and a row a command holds waits for the next sweep.
 * Files are removed before the commit: a failed commit leaves the rows due and the next sweep
 * removes again (a missing file is no error); removing after it could leave files nobody removes.
 */
@Injectable()
export class Anonymiser {
  private readonly periods: RetentionPeriods;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: ErasureAudit,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
  ) {
    this.periods = { closedTips: config.RETENTION_CLOSED_TIPS, closedCases: config.RETENTION_CLOSED_CASES };
  }

  /** Resolves with how many were anonymised: fewer than the batch size means nothing more is due now. */
  batch(kind: RetainedKind, now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const { sql, parameters } = kind.candidates(dueCutoffs(this.periods, now));
      const rows = await manager.query<CandidateRow[]>(sql, [this.config.RETENTION_BATCH, ...parameters]);
      // The query narrows by the rule's cutoffs; the rule itself has the last word on each row.
      const ids = rows.filter((row) => isDue(row, this.periods, now)).map((row) => row.id);
      if (ids.length === 0) return 0;
      const files = await this.releaseFiles(manager, kind.subject, ids, now);
      await manager.query(
        `UPDATE intake.messages SET body = '' WHERE thread_kind = $1 AND thread_id = ANY($2::uuid[]) AND body <> ''`,
        [kind.subject, ids],
      );
      await manager.query(`UPDATE intake.${kind.table} SET ${kind.clear}, anonymised_at = $2 WHERE id = ANY($1)`, [
        ids,
        now,
      ]);
      await this.audit.record(manager, kind.subject, ids, kind.fields);
      for (const key of files) await this.store.remove(key);
      return ids.length;
    });
  }

  /**
   * Marks the files of these tips or reports gone and answers their storage keys: attached to them or
   * to their thread's messages, and for a tip whatever its tipster uploaded. Type and size stay.
   */
  private async releaseFiles(manager: EntityManager, subject: 'tip' | 'report', ids: string[], now: Date) {
    const result = await manager.query<unknown[]>(
      `UPDATE intake.attachments a SET sha256 = '', anonymised_at = $3
        WHERE a.anonymised_at IS NULL
          AND ((a.attached_kind = $1 AND a.attached_id = ANY($2::uuid[]))
            OR (a.attached_kind = 'message' AND a.attached_id IN
                 (SELECT m.id FROM intake.messages m WHERE m.thread_kind = $1 AND m.thread_id = ANY($2::uuid[])))
            OR ($1 = 'tip' AND a.uploader_kind = 'tipster' AND a.uploader_id = ANY($2::uuid[])))
        RETURNING a.storage_key`,
      [subject, ids, now],
    );
    return updatedRows<{ storage_key: string }>(result).map((row) => row.storage_key);
  }
}
