import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaseStatusChanged, type PayloadOf, WhistleReportSubmitted } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';

/** Per-school case counts, an input to quarterly grading; grading's own copy, built from events. */
@Controller()
export class SchoolStatsProjection {
  @OnEvent(WhistleReportSubmitted)
  async onReported(@Payload() report: PayloadOf<typeof WhistleReportSubmitted>, @Ctx() context: BusEventContext) {
    await this.bump(context, report.schoolId, 'reported');
  }

  @OnEvent(CaseStatusChanged)
  async onStatusChanged(@Payload() change: PayloadOf<typeof CaseStatusChanged>, @Ctx() context: BusEventContext) {
    if (change.to === 'CLOSED') await this.bump(context, change.schoolId, 'closed');
  }

  private async bump(context: BusEventContext, schoolId: string, counter: 'reported' | 'closed') {
    await context.manager.query(
      `INSERT INTO grading.school_case_stats (school_id, ${counter}) VALUES ($1, 1)
       ON CONFLICT (school_id) DO UPDATE SET ${counter} = grading.school_case_stats.${counter} + 1, updated_at = now()`,
      [schoolId],
    );
  }
}
