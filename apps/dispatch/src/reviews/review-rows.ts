import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Fortnight } from './fortnights.js';
import type { ReviewCaseRow, ReviewTaskRow } from './review-content.js';

/**
 * Loads what a review is made from; the counting is `composeReview`'s. Cases: those reported in
 * the fortnight or the one before, those closed in the fortnight, and every open one. Tasks: every
 * open one, with the latest version of each deadline it still owes and whether it has escalated.
 */
@Injectable()
export class ReviewRows {
  constructor(private readonly dataSource: DataSource) {}

  async load(period: Fortnight, previous: Fortnight): Promise<{ cases: ReviewCaseRow[]; tasks: ReviewTaskRow[] }> {
    const cases = await this.dataSource.query<ReviewCaseRow[]>(
      `SELECT c.id AS "caseId", c.reference, c.category, c.severity, c.risk_level AS "riskLevel",
              c.life_safety AS "lifeSafety", c.status, c.school_id AS "schoolId", s.code AS "schoolCode",
              s.name AS "schoolName", c.reported_at AS "reportedAt", closed.at AS "closedAt"
         FROM dispatch.cases c
         LEFT JOIN dispatch.units s ON s.id = c.school_id
         LEFT JOIN LATERAL (SELECT max(t.at) AS at FROM dispatch.case_transitions t
                             WHERE t.case_id = c.id AND t.to_status = 'CLOSED') closed ON true
        WHERE (c.reported_at >= $1 AND c.reported_at < $3)
           OR c.status NOT IN ('CLOSED', 'REJECTED', 'MERGED')
           OR (closed.at >= $2 AND closed.at < $3)`,
      [previous.from, period.from, period.to],
    );
    const tasks = await this.dataSource.query<ReviewTaskRow[]>(
      `SELECT k.id AS "taskId", k.case_id AS "caseId", c.reference AS "caseReference", k.unit_id AS "unitId",
              COALESCE(u.code, k.unit_id::text) AS "unitCode", COALESCE(u.name, k.unit_id::text) AS "unitName",
              k.status,
              (SELECT CASE WHEN d.cancelled_at IS NULL THEN d.due_at END FROM dispatch.deadlines d
                WHERE d.task_id = k.id AND d.kind = 'ack' AND d.step = 'breach' ORDER BY d.version DESC LIMIT 1) AS "ackDueAt",
              (SELECT CASE WHEN d.cancelled_at IS NULL THEN d.due_at END FROM dispatch.deadlines d
                WHERE d.task_id = k.id AND d.kind = 'rectify' AND d.step = 'breach' ORDER BY d.version DESC LIMIT 1) AS "rectifyDueAt",
              EXISTS (SELECT 1 FROM dispatch.deadlines d WHERE d.task_id = k.id AND d.step LIKE 'escalation:%'
                         AND d.fired_at IS NOT NULL) AS escalated
         FROM dispatch.tasks k
         JOIN dispatch.cases c ON c.id = k.case_id
         LEFT JOIN dispatch.units u ON u.id = k.unit_id
        WHERE k.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')`,
    );
    return { cases, tasks };
  }
}
