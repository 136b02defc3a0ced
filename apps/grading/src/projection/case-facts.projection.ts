import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  CaseOpened,
  type CaseOpenedV1,
  CaseStatusChanged,
  OPENING_SEQUENCE,
  type PayloadOf,
  TaskAckBreached,
  TaskAcknowledged,
  TaskAssigned,
  TaskRectifyBreached,
} from '#libs/contracts';
import { BusEventBatchContext, BusEventContext, OnEvent, OnEvents, PROJECTION_GATHER_MS } from '#libs/messaging';
import { type CaseOpening, mergeOpenings, mergeStatusFacts } from './case-facts.js';

type Opening = PayloadOf<typeof CaseOpened> | PayloadOf<typeof CaseOpenedV1>;

/**
 * Grading's facts of dispatch's cases and tasks, one row each, aggregated per school and quarter
 * only when a quarter is graded; a batch of case events is written in one statement. Events of one
 * case may come in any order: each writes only the columns it knows and keeps what another already
 * wrote. A case's opening (v2) is also its status change number 1.
 */
@Controller()
export class CaseFactsProjection {
  /** A case about no school (a tip naming none) counts for no school's grade. */
  @OnEvents(CaseOpened, { gatherMs: PROJECTION_GATHER_MS, when: (opened) => opened.schoolId !== null })
  async onCaseOpened(@Payload() cases: Opening[], @Ctx() context: BusEventBatchContext) {
    await this.opened(
      context.manager,
      cases.flatMap((opened) =>
        opened.schoolId === null
          ? []
          : [
              {
                caseId: opened.caseId,
                schoolId: opened.schoolId,
                source: opened.source,
                category: opened.category,
                lifeSafety: opened.lifeSafety,
                openedAt: opened.openedAt,
                status: 'status' in opened ? opened.status : null,
                statusSequence: 'status' in opened ? OPENING_SEQUENCE : 0,
              },
            ],
      ),
    );
  }

  @OnEvents(CaseStatusChanged, { gatherMs: PROJECTION_GATHER_MS })
  async onStatusChanged(
    @Payload() changes: Array<PayloadOf<typeof CaseStatusChanged>>,
    @Ctx() context: BusEventBatchContext,
  ) {
    const facts = mergeStatusFacts(
      changes.map((change) => ({
        caseId: change.caseId,
        schoolId: change.schoolId,
        status: change.to,
        sequence: change.sequence,
        openedAt: change.from === null ? change.changedAt : null,
        closedAt: change.to === 'CLOSED' ? change.changedAt : null,
      })),
    );
    await context.manager.query(
      `INSERT INTO grading.cases (case_id, school_id, status, status_sequence, opened_at, closed_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[])
       ON CONFLICT (case_id) DO UPDATE SET
         status = CASE WHEN EXCLUDED.status_sequence > grading.cases.status_sequence THEN EXCLUDED.status ELSE grading.cases.status END,
         status_sequence = GREATEST(grading.cases.status_sequence, EXCLUDED.status_sequence),
         opened_at = COALESCE(grading.cases.opened_at, EXCLUDED.opened_at),
         closed_at = COALESCE(grading.cases.closed_at, EXCLUDED.closed_at)`,
      [
        facts.map((f) => f.caseId),
        facts.map((f) => f.schoolId),
        facts.map((f) => f.status),
        facts.map((f) => f.sequence),
        facts.map((f) => f.openedAt),
        facts.map((f) => f.closedAt),
      ],
    );
  }

  @OnEvent(TaskAssigned, { gatherMs: PROJECTION_GATHER_MS })
  async onAssigned(@Payload() task: PayloadOf<typeof TaskAssigned>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'ack_due_at', task.ackDueAt);
  }

  @OnEvent(TaskAcknowledged, { gatherMs: PROJECTION_GATHER_MS })
  async onAcknowledged(@Payload() task: PayloadOf<typeof TaskAcknowledged>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'acknowledged_at', task.acknowledgedAt);
  }

  @OnEvent(TaskAckBreached, { gatherMs: PROJECTION_GATHER_MS })
  async onAckBreached(@Payload() task: PayloadOf<typeof TaskAckBreached>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'ack_breached_at', task.breachedAt);
  }

  @OnEvent(TaskRectifyBreached, { gatherMs: PROJECTION_GATHER_MS })
  async onRectifyBreached(@Payload() task: PayloadOf<typeof TaskRectifyBreached>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'rectify_breached_at', task.breachedAt);
  }

  /** The case's facts and, when the opening told it, its first status (a later one already held wins). */
  private async opened(manager: EntityManager, openings: readonly CaseOpening[]) {
    const merged = mergeOpenings(openings);
    if (merged.length === 0) return;
    await manager.query(
      `INSERT INTO grading.cases (case_id, school_id, source, category, life_safety, opened_at, status, status_sequence)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::text[], $8::int[])
       ON CONFLICT (case_id) DO UPDATE SET
         source = COALESCE(grading.cases.source, EXCLUDED.source),
         category = COALESCE(grading.cases.category, EXCLUDED.category),
         life_safety = grading.cases.life_safety OR EXCLUDED.life_safety,
         opened_at = LEAST(grading.cases.opened_at, EXCLUDED.opened_at),
         status = CASE WHEN EXCLUDED.status_sequence > grading.cases.status_sequence THEN EXCLUDED.status ELSE grading.cases.status END,
         status_sequence = GREATEST(grading.cases.status_sequence, EXCLUDED.status_sequence)`,
      [
        merged.map((o) => o.caseId),
        merged.map((o) => o.schoolId),
        merged.map((o) => o.source),
        merged.map((o) => o.category),
        merged.map((o) => o.lifeSafety),
        merged.map((o) => o.openedAt),
        merged.map((o) => o.status),
        merged.map((o) => o.statusSequence),
      ],
    );
  }

  private async task(
    context: BusEventContext,
    taskId: string,
    caseId: string,
    column: 'ack_due_at' | 'acknowledged_at' | 'ack_breached_at' | 'rectify_breached_at',
    at: string,
  ) {
    await context.manager.query(
      `INSERT INTO grading.case_tasks (task_id, case_id, ${column}) VALUES ($1, $2, $3)
       ON CONFLICT (task_id) DO UPDATE SET ${column} = COALESCE(grading.case_tasks.${column}, EXCLUDED.${column})`,
      [taskId, caseId, at],
    );
  }
}
