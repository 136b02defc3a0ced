import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaseStatusChanged, type CaseStatusChangedV1, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
import { type HeldStatus, supersedes } from './case-status-order.js';

/** v2 is what dispatch publishes; a v1 event may still come from the stream or a parked-event replay. */
type StatusChange = PayloadOf<typeof CaseStatusChanged> | PayloadOf<typeof CaseStatusChangedV1>;

/** Keeps our copy of each case's status so a school can follow its report without asking dispatch. */
@Controller()
export class CaseStatusProjection {
  @OnEvent(CaseStatusChanged)
  async onCaseStatusChanged(@Payload() event: StatusChange, @Ctx() context: BusEventContext) {
    // Events of one case may arrive out of order (redeliveries, several processes): only a later change wins.
    const [held] = await context.manager.query<HeldStatus[]>(
      `SELECT case_status_sequence AS sequence, case_status_at AS "changedAt"
         FROM intake.whistle_reports WHERE id = $1 FOR UPDATE`,
      [event.caseId],
    );
    const sequence = 'sequence' in event ? event.sequence : null;
    if (!held || !supersedes(held, { sequence, changedAt: new Date(event.changedAt) })) return;
    await context.manager.query(
      `UPDATE intake.whistle_reports SET case_status = $2, case_status_at = $3, case_status_sequence = $4 WHERE id = $1`,
      [event.caseId, event.to, event.changedAt, sequence ?? held.sequence],
    );
  }
}
