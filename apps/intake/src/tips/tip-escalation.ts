import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Category, LifeSafetyFlagged, type Severity, TipEscalated } from '#libs/contracts';
import { Outbox } from '#libs/messaging';

export interface EscalatedTip {
  id: string;
  reference: string;
  schoolId: string | null;
  category: Category;
  severity: Severity;
  lifeSafety: boolean;
}

/**
 * A tip becomes a case: TipEscalated (dispatch opens a case of source `tip`) and, for a life-safety
 * match, LifeSafetyFlagged (notify alerts the task force and supervisors). Ids and codes only.
 */
@Injectable()
export class TipEscalation {
  constructor(private readonly outbox: Outbox) {}

  async escalate(manager: EntityManager, tip: EscalatedTip, actor?: { kind: 'user'; id: string }): Promise<void> {
    const now = new Date().toISOString();
    await manager.query(`UPDATE intake.tips SET status = 'escalated', life_safety = life_safety OR $2 WHERE id = $1`, [
      tip.id,
      tip.lifeSafety,
    ]);
    const options = actor ? { actor } : {};
    await this.outbox.append(
      manager,
      TipEscalated,
      {
        tipId: tip.id,
        reference: tip.reference,
        schoolId: tip.schoolId,
        category: tip.category,
        severity: tip.severity,
        lifeSafety: tip.lifeSafety,
        escalatedAt: now,
      },
      options,
    );
    if (tip.lifeSafety) {
      await this.outbox.append(
        manager,
        LifeSafetyFlagged,
        { source: 'tip', sourceId: tip.id, reference: tip.reference, flaggedAt: now },
        options,
      );
    }
  }
}
