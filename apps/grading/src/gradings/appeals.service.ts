import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import type { decideAppealRequest, fileAppealRequest } from '#libs/contracts';
import { AppError } from '#libs/errors';
import type { GradingConfig } from '../config.js';
import { assertOwnSchool } from '../schools/school-access.js';

export type FileAppeal = z.infer<typeof fileAppealRequest>;
export type DecideAppeal = z.infer<typeof decideAppealRequest>;

export interface AppealView {
  id: string;
  quarter: string;
  schoolId: string;
  reason: string;
  filedAt: Date;
  decision: 'uphold' | 'amend' | null;
  amendedTier: string | null;
  decisionReason: string | null;
  decidedAt: Date | null;
}

const APPEAL_COLUMNS = `id, quarter, school_id AS "schoolId", reason, filed_at AS "filedAt", decision,
  amended_tier AS "amendedTier", decision_reason AS "decisionReason", decided_at AS "decidedAt"`;

/**
 * A school appeals its published grade within the configured window; an administrator upholds
 * it or amends the tier. The published grade itself never changes: the amendment sits beside it.
 */
@Injectable()
export class AppealsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: GradingConfig,
  ) {}

  async file(actor: Actor, input: FileAppeal): Promise<AppealView> {
    assertOwnSchool(actor, input.schoolId);
    return this.dataSource.transaction(async (manager) => {
      const [grade]: Array<{ publishedAt: Date }> = await manager.query(
        `SELECT r.published_at AS "publishedAt" FROM grading.grades g
           JOIN grading.gradings r ON r.quarter = g.quarter AND r.status = 'published'
          WHERE g.quarter = $1 AND g.school_id = $2`,
        [input.quarter, input.schoolId],
      );
      if (!grade) throw AppError.notFound('published grade');
      const closesAt = grade.publishedAt.getTime() + this.config.GRADING_APPEAL_WINDOW_DAYS * 86_400_000;
      if (Date.now() > closesAt) throw AppError.conflict('the appeal window of this quarter has closed');
      const [open]: unknown[] = await manager.query(
        'SELECT 1 FROM grading.appeals WHERE quarter = $1 AND school_id = $2 AND decision IS NULL FOR UPDATE',
        [input.quarter, input.schoolId],
      );
      if (open) throw AppError.conflict('this grade already has an appeal awaiting decision');
      const [appeal]: AppealView[] = await manager.query(
        `INSERT INTO grading.appeals (id, quarter, school_id, reason, filed_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${APPEAL_COLUMNS}`,
        [randomUUID(), input.quarter, input.schoolId, input.reason, actor.userId],
      );
      return appeal;
    });
  }

  async decide(actor: Actor, input: DecideAppeal): Promise<AppealView> {
    return this.dataSource.transaction(async (manager) => {
      const [appeal]: Array<{ decision: string | null }> = await manager.query(
        'SELECT decision FROM grading.appeals WHERE id = $1 FOR UPDATE',
        [input.appealId],
      );
      if (!appeal) throw AppError.notFound('appeal');
      if (appeal.decision !== null) throw AppError.conflict('this appeal is already decided');
      // An UPDATE answers [rows, count].
      const [[decided]]: [AppealView[], number] = await manager.query(
        `UPDATE grading.appeals SET decision = $2, amended_tier = $3, decision_reason = $4, decided_by = $5, decided_at = now()
          WHERE id = $1 RETURNING ${APPEAL_COLUMNS}`,
        [input.appealId, input.decision, input.tier ?? null, input.reason, actor.userId],
      );
      return decided;
    });
  }
}
