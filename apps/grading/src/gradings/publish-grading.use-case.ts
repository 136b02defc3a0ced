import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { SchoolDowngraded, SchoolGraded, type Tier } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';

/** Events per outbox statement, so a county of any size publishes in bounded statements. */
const EVENT_CHUNK = 5000;

/**
 * Publishes a quarter's draft: from then on its grades never change (an appeal records an
 * amendment beside them). Every school's grade and every downgrade is announced in the same
 * transaction; dispatch opens a supervision case on each downgrade.
 */
@Injectable()
export class PublishGradingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, quarter: string) {
    return this.dataSource.transaction(async (manager) => {
      const [grading]: Array<{ status: string; rubricVersion: number }> = await manager.query(
        'SELECT status, rubric_version AS "rubricVersion" FROM grading.gradings WHERE quarter = $1 FOR UPDATE',
        [quarter],
      );
      if (!grading) throw AppError.notFound('grading');
      if (grading.status === 'published') throw AppError.conflict(`${quarter} is already published`);
      // The transaction's time, so every event and the row say the same instant.
      const [{ publishedAt }]: Array<{ publishedAt: Date }> = await manager.query('SELECT now() AS "publishedAt"');
      await manager.query(`UPDATE grading.gradings SET status = 'published', published_at = $2 WHERE quarter = $1`, [
        quarter,
        publishedAt,
      ]);
      const grades: Array<{ schoolId: string; score: string; tier: Tier; previousTier: Tier | null; move: string }> =
        await manager.query(
          `SELECT school_id AS "schoolId", score, tier, previous_tier AS "previousTier", move
             FROM grading.grades WHERE quarter = $1 ORDER BY school_id`,
          [quarter],
        );
      const at = new Date(publishedAt).toISOString();
      const options = { actor: { kind: 'user' as const, id: actor.userId } };
      for (let from = 0; from < grades.length; from += EVENT_CHUNK) {
        const chunk = grades.slice(from, from + EVENT_CHUNK);
        await this.outbox.appendMany(
          manager,
          SchoolGraded,
          chunk.map((g) => ({
            schoolId: g.schoolId,
            quarter,
            tier: g.tier,
            previousTier: g.previousTier,
            score: Number(g.score),
            publishedAt: at,
          })),
          options,
        );
      }
      const downgrades = grades.filter((g) => g.move === 'down');
      await this.outbox.appendMany(
        manager,
        SchoolDowngraded,
        downgrades.map((g) => ({
          schoolId: g.schoolId,
          quarter,
          fromTier: g.previousTier!,
          toTier: g.tier,
          publishedAt: at,
        })),
        options,
      );
      return {
        quarter,
        status: 'published' as const,
        rubricVersion: grading.rubricVersion,
        publishedAt: at,
        schools: grades.length,
        downgraded: downgrades.length,
      };
    });
  }
}
