import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import {
  type CaseSource,
  type CaseStatus,
  type Category,
  cursorTimestampSql,
  encodeCursor,
  type LedgerKey,
  type LedgerRow,
  type Severity,
} from '#libs/contracts';
import type { DispatchConfig } from '../config.js';
import { OVERDUE_TASK_SQL } from '../tasks/overdue-task-sql.js';
import { resolvePeriod } from './county-period.js';
import { ledgerScope } from './ledger-scope.js';

export interface LedgerFilters {
  status?: CaseStatus;
  unitId?: string;
  schoolId?: string;
  category?: Category;
  source?: CaseSource;
  severity?: Severity;
  overdue?: boolean;
  from?: string;
  to?: string;
}

export interface LedgerRequest extends LedgerFilters {
  cursor?: LedgerKey;
  limit: number;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const LEAD_RANK = `(CASE WHEN t.role = 'lead' THEN 1 ELSE 0 END)`;
const TASK_KEY = `coalesce(t.id, '${NIL_UUID}'::uuid)`;

interface Row extends Omit<
  LedgerRow,
  'reportedAt' | 'ackDueAt' | 'acknowledgedAt' | 'rectifyDueAt' | 'rectifiedAt' | 'extensionDueAt'
> {
  reportedAt: Date;
  ackDueAt: Date | null;
  acknowledgedAt: Date | null;
  rectifyDueAt: Date | null;
  rectifiedAt: Date | null;
  extensionDueAt: Date | null;
  cursorAt: string;
  leadRank: 0 | 1;
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

/**
 * The ledger (台账): one row per task, i.e. per case and responsible unit, and one row for a case
 * no unit has yet; newest case first, its lead unit first. A keyset page at a time, so an export
 * of the whole county walks it without the database sorting it all for every page.
 */
@Injectable()
export class LedgerQuery {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  async page(actor: Actor, request: LedgerRequest): Promise<{ items: LedgerRow[]; nextCursor: string | null }> {
    const { where, parameters } = this.conditions(actor, request);
    const param = (value: unknown) => `$${parameters.push(value)}`;
    if (request.cursor) {
      const [at, caseId, rank, taskId] = request.cursor.map(param);
      // The first comparison lets the cases' (reported_at, id) index start at the cursor.
      where.push(`(c.reported_at, c.id) <= (${at}::timestamptz, ${caseId}::uuid)`);
      where.push(
        `(c.reported_at, c.id, ${LEAD_RANK}, ${TASK_KEY}) < (${at}::timestamptz, ${caseId}::uuid, ${rank}::int, ${taskId}::uuid)`,
      );
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT c.id AS "caseId", c.reference, c.reported_at AS "reportedAt", c.school_id AS "schoolId",
              s.name AS "schoolName", c.category, c.severity, c.source, c.status AS "caseStatus",
              t.id AS "taskId", t.unit_id AS "unitId", u.name AS "unitName", t.role, t.status AS "taskStatus",
              t.ack_due_at AS "ackDueAt", t.acknowledged_at AS "acknowledgedAt", t.rectify_due_at AS "rectifyDueAt",
              CASE WHEN t.role = 'lead' THEN t.rectified_at ELSE t.feedback_at END AS "rectifiedAt",
              ${OVERDUE_TASK_SQL} AS overdue,
              x.status AS "extensionStatus", x.requested_due_at AS "extensionDueAt",
              coalesce(x.asked, 0)::int AS "extensionsAsked",
              ${cursorTimestampSql('c.reported_at')} AS "cursorAt", ${LEAD_RANK} AS "leadRank"
         FROM dispatch.cases c
         LEFT JOIN dispatch.tasks t ON t.case_id = c.id
         LEFT JOIN dispatch.units s ON s.id = c.school_id
         LEFT JOIN dispatch.units u ON u.id = t.unit_id
         LEFT JOIN LATERAL (
              SELECT e.status, e.requested_due_at, count(*) OVER () AS asked
                FROM dispatch.extensions e WHERE e.task_id = t.id
               ORDER BY e.requested_at DESC LIMIT 1) x ON true
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.reported_at DESC, c.id DESC, ${LEAD_RANK} DESC, ${TASK_KEY} DESC
        LIMIT ${param(request.limit + 1)}`,
      parameters,
    );
    const shown = rows.slice(0, request.limit);
    const last = shown[shown.length - 1];
    return {
      items: shown.map(view),
      nextCursor:
        rows.length > request.limit
          ? encodeCursor([last.cursorAt, last.caseId, last.leadRank, last.taskId ?? NIL_UUID])
          : null,
    };
  }

  /** How many rows the filters give the caller, for the list's `total`. */
  async count(actor: Actor, filters: LedgerFilters): Promise<number> {
    const { where, parameters } = this.conditions(actor, filters);
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(
      `SELECT count(*)::int AS total FROM dispatch.cases c LEFT JOIN dispatch.tasks t ON t.case_id = c.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      parameters,
    );
    return total;
  }

  private conditions(actor: Actor, filters: LedgerFilters) {
    const where: string[] = [];
    const parameters: unknown[] = [];
    const param = (value: unknown) => `$${parameters.push(value)}`;
    const scope = ledgerScope(actor);
    if (scope.kind === 'unit') where.push(`t.unit_id = ${param(scope.unitId)}::uuid`);
    if (scope.kind === 'school') where.push(`c.school_id = ${param(scope.schoolId)}::uuid AND c.source = 'report'`);
    if (filters.status) where.push(`c.status = ${param(filters.status)}`);
    if (filters.unitId) where.push(`t.unit_id = ${param(filters.unitId)}::uuid`);
    if (filters.schoolId) where.push(`c.school_id = ${param(filters.schoolId)}::uuid`);
    if (filters.category) where.push(`c.category = ${param(filters.category)}`);
    if (filters.source) where.push(`c.source = ${param(filters.source)}`);
    if (filters.severity) where.push(`c.severity = ${param(filters.severity)}`);
    if (filters.overdue !== undefined) where.push(filters.overdue ? OVERDUE_TASK_SQL : `NOT ${OVERDUE_TASK_SQL}`);
    const period = resolvePeriod(filters, this.config.COUNTY_TIMEZONE);
    if (period.from) where.push(`c.reported_at >= ${param(period.from)}`);
    if (period.to) where.push(`c.reported_at < ${param(period.to)}`);
    return { where, parameters };
  }
}

function view(row: Row): LedgerRow {
  return {
    caseId: row.caseId,
    reference: row.reference,
    reportedAt: row.reportedAt.toISOString(),
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    category: row.category,
    severity: row.severity,
    source: row.source,
    caseStatus: row.caseStatus,
    taskId: row.taskId,
    unitId: row.unitId,
    unitName: row.unitName,
    role: row.role,
    taskStatus: row.taskStatus,
    ackDueAt: iso(row.ackDueAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    rectifyDueAt: iso(row.rectifyDueAt),
    rectifiedAt: iso(row.rectifiedAt),
    overdue: row.overdue,
    extensionStatus: row.extensionStatus,
    extensionDueAt: iso(row.extensionDueAt),
    extensionsAsked: row.extensionsAsked,
  };
}
