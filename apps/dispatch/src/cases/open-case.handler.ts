import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaseStatusChanged, type PayloadOf, WhistleReportSubmitted } from '#libs/contracts';
import { BusEventContext, OnEvent, Outbox } from '#libs/messaging';

/** Every whistle report opens a case in REPORTED, awaiting assessment: the case's change number 1. */
@Controller()
export class OpenCaseHandler {
  constructor(private readonly outbox: Outbox) {}

  @OnEvent(WhistleReportSubmitted)
  async onWhistleReportSubmitted(
    @Payload() report: PayloadOf<typeof WhistleReportSubmitted>,
    @Ctx() context: BusEventContext,
  ) {
    const { manager, envelope } = context;
    const reportedAt = new Date(report.submittedAt);
    const opened: unknown[] = await manager.query(
      `INSERT INTO dispatch.cases (id, reference, school_id, category, severity, status, reported_at, updated_at, sequence)
       VALUES ($1, $2, $3, $4, $5, 'REPORTED', $6, $6, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [report.reportId, report.reference, report.schoolId, report.category, report.severity, reportedAt],
    );
    if (opened.length === 0) return;
    await manager.query(
      `INSERT INTO dispatch.case_transitions (case_id, from_status, to_status, command, actor_id, at)
       VALUES ($1, NULL, 'REPORTED', 'report', $2, $3)`,
      [report.reportId, envelope.actor.id, reportedAt],
    );
    await this.outbox.append(
      manager,
      CaseStatusChanged,
      {
        caseId: report.reportId,
        schoolId: report.schoolId,
        from: null,
        to: 'REPORTED',
        changedAt: report.submittedAt,
        sequence: 1,
      },
      { causedBy: envelope, actor: envelope.actor },
    );
  }
}
