import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  CaseOpened,
  CaseStatusChanged,
  type PayloadOf,
  TaskAckBreached,
  TaskAcknowledged,
  TaskAssigned,
  TaskRectifyBreached,
  WhistleReportSubmitted,
} from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';

/**
 * Grading's facts of dispatch's cases and tasks, one row each, aggregated per school and quarter
 * only when a quarter is graded. Events of one case may come in any order: each writes only the
 * columns it knows and keeps what another already wrote. A whistle report's id is its case's id,
 * so the report gives a case's opening until dispatch's own `CaseOpened` arrives as well.
 */
@Controller()
export class CaseFactsProjection {
  @OnEvent(WhistleReportSubmitted)
  async onReported(@Payload() report: PayloadOf<typeof WhistleReportSubmitted>, @Ctx() context: BusEventContext) {
    await this.opened(context, {
      caseId: report.reportId,
      schoolId: report.schoolId,
      source: 'report',
      category: report.category,
      lifeSafety: report.lifeSafety ?? false,
      openedAt: report.submittedAt,
    });
  }

  @OnEvent(CaseOpened)
  async onCaseOpened(@Payload() opened: PayloadOf<typeof CaseOpened>, @Ctx() context: BusEventContext) {
    // A case about no school (a tip naming none) counts for no school's grade.
    if (opened.schoolId === null) return;
    await this.opened(context, { ...opened, schoolId: opened.schoolId });
  }

  @OnEvent(CaseStatusChanged)
  async onStatusChanged(@Payload() change: PayloadOf<typeof CaseStatusChanged>, @Ctx() context: BusEventContext) {
    await context.manager.query(
      `INSERT INTO grading.cases (case_id, school_id, status, status_sequence, opened_at, closed_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN $6::timestamptz END, CASE WHEN $3 = 'CLOSED' THEN $6::timestamptz END)
       ON CONFLICT (case_id) DO UPDATE SET
         status = CASE WHEN EXCLUDED.status_sequence > grading.cases.status_sequence THEN EXCLUDED.status ELSE grading.cases.status END,
         status_sequence = GREATEST(grading.cases.status_sequence, EXCLUDED.status_sequence),
         opened_at = COALESCE(grading.cases.opened_at, EXCLUDED.opened_at),
         closed_at = COALESCE(grading.cases.closed_at, EXCLUDED.closed_at)`,
      [change.caseId, change.schoolId, change.to, change.sequence, change.from === null, change.changedAt],
    );
  }

  @OnEvent(TaskAssigned)
  async onAssigned(@Payload() task: PayloadOf<typeof TaskAssigned>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'ack_due_at', task.ackDueAt);
  }

  @OnEvent(TaskAcknowledged)
  async onAcknowledged(@Payload() task: PayloadOf<typeof TaskAcknowledged>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'acknowledged_at', task.acknowledgedAt);
  }

  @OnEvent(TaskAckBreached)
  async onAckBreached(@Payload() task: PayloadOf<typeof TaskAckBreached>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'ack_breached_at', task.breachedAt);
  }

  @OnEvent(TaskRectifyBreached)
  async onRectifyBreached(@Payload() task: PayloadOf<typeof TaskRectifyBreached>, @Ctx() context: BusEventContext) {
    await this.task(context, task.taskId, task.caseId, 'rectify_breached_at', task.breachedAt);
  }

  private async opened(
    context: BusEventContext,
    kase: { caseId: string; schoolId: string; source: string; category: string; lifeSafety: boolean; openedAt: string },
  ) {
    await context.manager.query(
      `INSERT INTO grading.cases (case_id, school_id, source, category, life_safety, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (case_id) DO UPDATE SET
         source = COALESCE(grading.cases.source, EXCLUDED.source),
         category = COALESCE(grading.cases.category, EXCLUDED.category),
         life_safety = grading.cases.life_safety OR EXCLUDED.life_safety,
         opened_at = LEAST(grading.cases.opened_at, EXCLUDED.opened_at)`,
      [kase.caseId, kase.schoolId, kase.source, kase.category, kase.lifeSafety, kase.openedAt],
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
