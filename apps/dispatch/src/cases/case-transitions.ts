import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseStatusChanged, type EventActor } from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { type CaseCommand, nextStatus } from './case-lifecycle.js';
import { Case } from './case.entity.js';

/** Applies a lifecycle command: new status, the history row and the event, in the caller's transaction. */
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
    await manager.update(Case, { id: kase.id }, { status: to, updatedAt: changedAt });
    await manager.query(
      `INSERT INTO dispatch.case_transitions (case_id, from_status, to_status, command, actor_id, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [kase.id, from, to, command, actor.id, reason ?? null, changedAt],
    );
    await this.outbox.append(
      manager,
      CaseStatusChanged,
      { caseId: kase.id, schoolId: kase.schoolId, from, to, changedAt: changedAt.toISOString() },
      { actor },
    );
    return Object.assign(kase, { status: to, updatedAt: changedAt });
  }
}
