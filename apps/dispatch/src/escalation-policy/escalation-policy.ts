import type { EntityManager } from 'typeorm';
import type { EscalationTarget } from '#libs/contracts';

/** One rung of the ladder: `after` the breach (ISO-8601, counted in the deadline's clock), tell `notify`. */
export interface LadderRung {
  level: number;
  notify: EscalationTarget;
  after: string;
}

/** Reminders at fractions of every deadline's window, then the ladder after its breach. */
export interface EscalationPolicy {
  reminderFractions: number[];
  ladder: LadderRung[];
}

export interface EscalationPolicyView extends EscalationPolicy {
  updatedAt: string;
}

/** The policy as it stands, read in the caller's transaction (scheduling reads it with the deadlines it plans). */
export async function loadEscalationPolicy(manager: EntityManager): Promise<EscalationPolicyView> {
  const [row] = await manager.query<
    Array<{ reminder_fractions: number[]; ladder: LadderRung[]; updated_at: Date } | undefined>
  >('SELECT reminder_fractions, ladder, updated_at FROM dispatch.escalation_policy WHERE id = 1');
  if (!row) return { reminderFractions: [], ladder: [], updatedAt: new Date(0).toISOString() };
  return {
    reminderFractions: row.reminder_fractions.map(Number),
    ladder: row.ladder,
    updatedAt: row.updated_at.toISOString(),
  };
}
