import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaseStatusChanged, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';

/** Keeps our copy of each case's status so a school can follow its report without asking dispatch. */
@Controller()
export class CaseStatusProjection {
  @OnEvent(CaseStatusChanged)
  async onCaseStatusChanged(@Payload() event: PayloadOf<typeof CaseStatusChanged>, @Ctx() context: BusEventContext) {
    // Events may arrive out of order: only a newer status wins.
    await context.manager.query(
      `UPDATE intake.whistle_reports SET case_status = $2, case_status_at = $3
        WHERE id = $1 AND (case_status_at IS NULL OR case_status_at <= $3)`,
      [event.caseId, event.to, event.changedAt],
    );
  }
}
