import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { CaseStatusChanged, type CaseStatusChangedV1, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
import { type HeldStatus, supersedes } from './case-status-order.js';

/** v2 is what dispatch publishes; a v1 event may still come from the stream or a parked-event replay. */
type StatusChange = PayloadOf<typeof CaseStatusChanged> | PayloadOf<typeof CaseStatusChangedV1>;

/**
 * Keeps our copy of each case's status, and its history, so a school can follow its report (and a
 * tipster their tip) without asking dispatch. A case has the id of the report or tip it came from.
 */
@Controller()
export class CaseStatusProjection {
  @OnEvent(CaseStatusChanged)
  async onCaseStatusChanged(@Payload() event: StatusChange, @Ctx() context: BusEventContext) {
    const sequence = 'sequence' in event ? event.sequence : null;
    const command = 'command' in event ? (event.command ?? null) : null;
    const known =
      (await this.apply(context.manager, 'whistle_reports', event, sequence)) ||
      (await this.apply(context.manager, 'tips', event, sequence));
    if (!known) return;
    await context.manager.query(
      `INSERT INTO intake.case_history (case_id, sequence, from_status, to_status, command, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [event.caseId, sequence, event.from, event.to, command, event.changedAt],
    );
  }

  /** Whether the case is one of this table's rows; its status changes only to a later one. */
  private async apply(
    manager: EntityManager,
    table: 'whistle_reports' | 'tips',
    event: StatusChange,
    sequence: number | null,
  ): Promise<boolean> {
    // Events of one case may arrive out of order (redeliveries, several processes): only a later change wins.
    const [held] = await manager.query<HeldStatus[]>(
      `SELECT case_status_sequence AS sequence, case_status_at AS "changedAt"
         FROM intake.${table} WHERE id = $1 FOR UPDATE`,
      [event.caseId],
    );
    if (!held) return false;
    if (!supersedes(held, { sequence, changedAt: new Date(event.changedAt) })) return true;
    await manager.query(
      `UPDATE intake.${table} SET case_status = $2, case_status_at = $3, case_status_sequence = $4 WHERE id = $1`,
      [event.caseId, event.to, event.changedAt, sequence ?? held.sequence],
    );
    return true;
  }
}
