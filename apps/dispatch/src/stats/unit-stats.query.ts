import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import type { DispatchConfig } from '../config.js';
import { statsPeriod } from '../ledger/county-period.js';
import { median, rate } from './rates.js';

interface UnitCounts {
  unitId: string;
  unitName: string | null;
  tasks: number;
  declined: number;
  ackJudged: number;
  ackOnTime: number;
  rectifyJudged: number;
  rectifyOnTime: number;
  ackSeconds: number[] | null;
  rectifySeconds: number[] | null;
  extensionsAsked: number;
  extensionsGranted: number;
  ackBreaches: number;
  rectifyBreaches: number;
}

/** When a unit's part is done: the lead's rectification, an assisting unit's feedback. */
const DONE_AT = `CASE WHEN t.role = 'lead' THEN t.rectified_at ELSE t.feedback_at END`;
const COUNTED = `t.status <> 'DECLINED'`;

/**
 * Each unit's record over the tasks assigned to it in the period (see the README's definitions):
 * SQL counts, `rates.ts` turns the counts into shares and medians.
 */
@Injectable()
export class UnitStatsQuery {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async execute(input: { from?: string; to?: string }) {
    const period = statsPeriod(input, this.config.COUNTY_TIMEZONE, new Date());
    const scope = `t.created_at >= $1 AND t.created_at < $2`;
    const params = [period.from, period.to];
    const rows = await this.dataSource.query<UnitCounts[]>(
      `WITH steps AS (
         SELECT d.task_id,
                bool_or(d.kind = 'ack') AS ack_breached, bool_or(d.kind = 'rectify') AS rectify_breached,
                count(*) FILTER (WHERE d.kind = 'ack')::int AS ack_breaches,
                count(*) FILTER (WHERE d.kind = 'rectify')::int AS rectify_breaches
           FROM dispatch.deadlines d JOIN dispatch.tasks t ON t.id = d.task_id
          WHERE ${scope} AND d.step = 'breach' AND d.fired_at IS NOT NULL
          GROUP BY d.task_id),
       asked AS (
         SELECT e.task_id, count(*)::int AS asked, count(*) FILTER (WHERE e.status = 'approved')::int AS granted
           FROM dispatch.extensions e JOIN dispatch.tasks t ON t.id = e.task_id
          WHERE ${scope}
          GROUP BY e.task_id)
       SELECT t.unit_id AS "unitId", u.name AS "unitName",
              count(*)::int AS tasks,
              count(*) FILTER (WHERE NOT ${COUNTED})::int AS declined,
              count(*) FILTER (WHERE ${COUNTED} AND (t.acknowledged_at IS NOT NULL OR s.ack_breached))::int AS "ackJudged",
              count(*) FILTER (WHERE ${COUNTED} AND t.acknowledged_at <= t.ack_due_at)::int AS "ackOnTime",
              count(*) FILTER (WHERE ${COUNTED} AND (${DONE_AT} IS NOT NULL OR s.rectify_breached))::int AS "rectifyJudged",
              count(*) FILTER (WHERE ${COUNTED} AND ${DONE_AT} <= t.rectify_due_at)::int AS "rectifyOnTime",
              array_agg(extract(epoch FROM t.acknowledged_at - t.created_at)::float8)
                FILTER (WHERE ${COUNTED} AND t.acknowledged_at IS NOT NULL) AS "ackSeconds",
              array_agg(extract(epoch FROM ${DONE_AT} - t.created_at)::float8)
                FILTER (WHERE ${COUNTED} AND ${DONE_AT} IS NOT NULL) AS "rectifySeconds",
              coalesce(sum(a.asked), 0)::int AS "extensionsAsked", coalesce(sum(a.granted), 0)::int AS "extensionsGranted",
              coalesce(sum(s.ack_breaches), 0)::int AS "ackBreaches",
              coalesce(sum(s.rectify_breaches), 0)::int AS "rectifyBreaches"
         FROM dispatch.tasks t
         LEFT JOIN steps s ON s.task_id = t.id
         LEFT JOIN asked a ON a.task_id = t.id
         LEFT JOIN dispatch.units u ON u.id = t.unit_id
        WHERE ${scope}
        GROUP BY t.unit_id, u.name
        ORDER BY u.name NULLS LAST, t.unit_id`,
      params,
    );
    const ladder = await this.dataSource.query<Array<{ unitId: string; level: number; n: number }>>(
      `SELECT t.unit_id AS "unitId", d.level, count(*)::int AS n
         FROM dispatch.deadlines d JOIN dispatch.tasks t ON t.id = d.task_id
        WHERE ${scope} AND d.step LIKE 'escalation:%' AND d.fired_at IS NOT NULL
        GROUP BY t.unit_id, d.level`,
      params,
    );
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      items: rows.map((row) => ({
        unitId: row.unitId,
        unitName: row.unitName,
        tasks: row.tasks,
        declined: row.declined,
        acknowledgedOnTime: { count: row.ackOnTime, of: row.ackJudged, rate: rate(row.ackOnTime, row.ackJudged) },
        rectifiedOnTime: {
          count: row.rectifyOnTime,
          of: row.rectifyJudged,
          rate: rate(row.rectifyOnTime, row.rectifyJudged),
        },
        medianSecondsToAcknowledge: median(row.ackSeconds ?? []),
        medianSecondsToRectify: median(row.rectifySeconds ?? []),
        extensions: { asked: row.extensionsAsked, granted: row.extensionsGranted },
        breaches: { ack: row.ackBreaches, rectify: row.rectifyBreaches, total: row.ackBreaches + row.rectifyBreaches },
        escalations: Object.fromEntries(
          ladder
            .filter((rung) => rung.unitId === row.unitId)
            .sort((a, b) => a.level - b.level)
            .map((rung) => [String(rung.level), rung.n]),
        ),
      })),
    };
  }
}
