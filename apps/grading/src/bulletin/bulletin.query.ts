import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TIERS, type Tier } from '#libs/contracts';
import { AppError } from '#libs/errors';
import type { RubricDefinition } from '../rubric/rubric.js';
import { RubricsService } from '../rubric/rubrics.service.js';
import type { Reason } from '../rubric/score.js';

/** How many published quarters, this one included, the trend shows. */
const TREND_QUARTERS = 4;

export type Distribution = Record<Tier, number>;

export interface Bulletin {
  quarter: string;
  publishedAt: string;
  rubricVersion: number;
  schools: number;
  distribution: Distribution;
  moves: Array<{
    schoolId: string;
    code: string;
    name: string;
    move: 'up' | 'down';
    fromTier: Tier;
    toTier: Tier;
    score: number;
    reasons: Array<Reason & { label: string }>;
  }>;
  keyAttention: Array<{ schoolId: string; code: string; name: string; tier: Tier }>;
  trend: Array<{ quarter: string; distribution: Distribution }>;
  amendments: Array<{ schoolId: string; code: string; name: string; tier: Tier; appealId: string }>;
}

const emptyDistribution = (): Distribution => Object.fromEntries(TIERS.map((tier) => [tier, 0])) as Distribution;

/** Tiers as amended by the latest appeal decision, where there is one. */
const EFFECTIVE_TIER = `COALESCE((SELECT a.amended_tier FROM grading.appeals a
  WHERE a.quarter = g.quarter AND a.school_id = g.school_id AND a.decision = 'amend'
  ORDER BY a.decided_at DESC LIMIT 1), g.tier)`;

/**
 * The quarterly notice of a published quarter: the distribution of tiers, every school that moved
 * with its reasons, the schools of key attention (those downgraded), the trend over the last
 * quarters, and the tiers amended on appeal. The PDF renders exactly this.
 */
@Injectable()
export class BulletinQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubrics: RubricsService,
  ) {}

  async execute(quarter: string): Promise<Bulletin> {
    const [grading]: Array<{ rubricVersion: number; publishedAt: Date }> = await this.dataSource.query(
      `SELECT rubric_version AS "rubricVersion", published_at AS "publishedAt" FROM grading.gradings
        WHERE quarter = $1 AND status = 'published'`,
      [quarter],
    );
    if (!grading) throw AppError.notFound('published grading');
    const rubric = (await this.rubrics.get(grading.rubricVersion)).definition;

    const trendRows: Array<{ quarter: string; tier: Tier; n: number }> = await this.dataSource.query(
      `WITH recent AS (
         SELECT quarter FROM grading.gradings WHERE status = 'published' AND quarter <= $1
          ORDER BY quarter DESC LIMIT ${TREND_QUARTERS})
       SELECT g.quarter, ${EFFECTIVE_TIER} AS tier, count(*)::int AS n
         FROM grading.grades g JOIN recent USING (quarter) GROUP BY 1, 2 ORDER BY 1`,
      [quarter],
    );
    const trend = new Map<string, Distribution>();
    for (const row of trendRows) {
      const distribution = trend.get(row.quarter) ?? emptyDistribution();
      distribution[row.tier] = row.n;
      trend.set(row.quarter, distribution);
    }
    const distribution = trend.get(quarter) ?? emptyDistribution();

    const moveRows: Array<Bulletin['moves'][number] & { score: string; reasons: Reason[] }> =
      await this.dataSource.query(
        `SELECT g.school_id AS "schoolId", s.code, s.name, g.move, g.previous_tier AS "fromTier", g.tier AS "toTier",
              g.score, g.reasons
         FROM grading.grades g JOIN grading.schools s ON s.id = g.school_id
        WHERE g.quarter = $1 AND g.move IN ('up', 'down') ORDER BY g.move, s.code`,
        [quarter],
      );
    const moves: Bulletin['moves'] = moveRows.map((row) => ({
      ...row,
      score: Number(row.score),
      reasons: row.reasons.map((reason) => ({ ...reason, label: labelOf(rubric, reason) })),
    }));
    const amendments: Bulletin['amendments'] = await this.dataSource.query(
      `SELECT DISTINCT ON (a.school_id) a.school_id AS "schoolId", s.code, s.name, a.amended_tier AS tier, a.id AS "appealId"
         FROM grading.appeals a JOIN grading.schools s ON s.id = a.school_id
        WHERE a.quarter = $1 AND a.decision = 'amend' ORDER BY a.school_id, a.decided_at DESC`,
      [quarter],
    );
    return {
      quarter,
      publishedAt: new Date(grading.publishedAt).toISOString(),
      rubricVersion: grading.rubricVersion,
      schools: Object.values(distribution).reduce((sum, n) => sum + n, 0),
      distribution,
      moves,
      keyAttention: moves
        .filter((move) => move.move === 'down')
        .map(({ schoolId, code, name, toTier }) => ({ schoolId, code, name, tier: toTier })),
      trend: [...trend.entries()].map(([q, d]) => ({ quarter: q, distribution: d })),
      amendments,
    };
  }
}

function labelOf(rubric: RubricDefinition, reason: Reason): string {
  if (reason.kind === 'veto') return rubric.vetoes.find((veto) => veto.item === reason.item)?.label ?? reason.item;
  return rubric.criteria.find((c) => c.criterion === reason.criterion)?.label ?? reason.criterion;
}
