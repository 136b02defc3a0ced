import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import type { CaseSource, CaseStatus, Category } from '#libs/contracts';
import type { DispatchConfig } from '../config.js';
import { countyWeeks, statsPeriod } from '../ledger/county-period.js';

/** Schools listed in the overview, most cases first. */
export const TOP_SCHOOLS = 10;

interface GroupRow {
  category: Category | null;
  status: CaseStatus | null;
  source: CaseSource | null;
  schoolId: string | null;
  schoolName: string | null;
  bySchool: boolean;
  n: number;
}

/**
 * The county's cases reported in the period by category, status, source and school (one statement
 * with grouping sets), and a weekly series in county weeks, Monday first: cases opened (reported),
 * cases closed, and deadlines breached (a task's acknowledgement or rectification gone overdue).
 */
@Injectable()
export class OverviewQuery {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async execute(input: { from?: string; to?: string }) {
    const zone = this.config.COUNTY_TIMEZONE;
    const period = statsPeriod(input, zone, new Date());
    const params = [period.from, period.to];
    const groups = await this.dataSource.query<GroupRow[]>(
      `SELECT c.category, c.status, c.source, c.school_id AS "schoolId", min(s.name) AS "schoolName",
              GROUPING(c.school_id) = 0 AS "bySchool", count(*)::int AS n
         FROM dispatch.cases c LEFT JOIN dispatch.units s ON s.id = c.school_id
        WHERE c.reported_at >= $1 AND c.reported_at < $2
        GROUP BY GROUPING SETS ((c.category), (c.status), (c.source), (c.school_id))`,
      params,
    );
    const week = (column: string) => `to_char(date_trunc('week', ${column} AT TIME ZONE $3), 'YYYY-MM-DD')`;
    const weekly = await this.dataSource.query<Array<{ week: string; series: string; n: number }>>(
      `SELECT ${week('reported_at')} AS week, 'opened' AS series, count(*)::int AS n
         FROM dispatch.cases WHERE reported_at >= $1 AND reported_at < $2 GROUP BY 1
       UNION ALL
       SELECT ${week('at')}, 'closed', count(DISTINCT case_id)::int
         FROM dispatch.case_transitions WHERE to_status = 'CLOSED' AND at >= $1 AND at < $2 GROUP BY 1
       UNION ALL
       SELECT ${week('fired_at')}, 'overdue', count(*)::int
         FROM dispatch.deadlines WHERE step = 'breach' AND fired_at >= $1 AND fired_at < $2 GROUP BY 1`,
      [...params, zone],
    );
    const count = (series: string, at: string) =>
      weekly.find((row) => row.series === series && row.week === at)?.n ?? 0;
    // The rows of one grouping set, most cases first.
    const tally = (key: 'category' | 'status' | 'source') =>
      groups.filter((row) => row[key] !== null && !row.bySchool).sort((a, b) => b.n - a.n);
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      cases: groups.filter((row) => row.category !== null).reduce((sum, row) => sum + row.n, 0),
      byCategory: tally('category').map((row) => ({ category: row.category!, cases: row.n })),
      byStatus: tally('status').map((row) => ({ status: row.status!, cases: row.n })),
      bySource: tally('source').map((row) => ({ source: row.source!, cases: row.n })),
      topSchools: groups
        .filter((row) => row.bySchool && row.schoolId !== null)
        .sort((a, b) => b.n - a.n || (a.schoolId! < b.schoolId! ? -1 : 1))
        .slice(0, TOP_SCHOOLS)
        .map((row) => ({ schoolId: row.schoolId, schoolName: row.schoolName, cases: row.n })),
      weekly: countyWeeks(period, zone).map((at) => ({
        weekStart: at,
        opened: count('opened', at),
        closed: count('closed', at),
        overdue: count('overdue', at),
      })),
    };
  }
}
