import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseStatusChanged, type EventActor } from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { type CaseCommand, nextStatus } from './case-lifecycle.js';
import { Case } from './case.entity.js';

/** Applies a lifecycle command: new status and sequence, the history row and the event, in the caller's transaction. */
@Injectable()
export class CaseTransitions {
  constructor(private readonly outbox: Outbox) {}

  async apply(
    manager: EntityManager,
    kase: Case,
    command: CaseCommand,
    actor: EventActor,
    reason?: string,
  ): Promise<Case> {
    const from = kase.status;
    const to = nextStatus(from, command);
    const changedAt = new Date();
    // Incremented in the database, under the row lock this UPDATE takes, so concurrent changes
    // of one case get distinct, ordered numbers whatever the caller read before.
    const [[{ sequence }]] = await manager.query<[Array<{ sequence: number }>, number]>(
      `UPDATE dispatch.cases SET status = $2, updated_at = $3, sequence = sequence + 1 WHERE id = $1 RETURNING sequence`,
      [kase.id, to, changedAt],
    );
    await manager.query(
      `INSERT INTO dispatch.case_transitions (case_id, from_status, to_status, command, actor_id, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [kase.id, from, to, command, actor.id, reason ?? null, changedAt],
    );
    await this.outbox.append(
      manager,
      CaseStatusChanged,
      { caseId: kase.id, schoolId: kase.schoolId, from, to, changedAt: changedAt.toISOString(), sequence },
      { actor },
    );
    return Object.assign(kase, { status: to, updatedAt: changedAt, sequence });
  }
}
