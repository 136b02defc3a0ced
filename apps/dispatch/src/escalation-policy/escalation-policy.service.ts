import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import type { updateEscalationPolicyRequest } from '#libs/contracts';
import { type EscalationPolicyView, loadEscalationPolicy } from './escalation-policy.js';

export type UpdateEscalationPolicy = z.infer<typeof updateEscalationPolicyRequest>;

/** Reading and changing the reminders and the ladder; deadlines already scheduled keep the steps they were given. */
@Injectable()
export class EscalationPolicies {
  constructor(private readonly dataSource: DataSource) {}

  get(): Promise<EscalationPolicyView> {
    return loadEscalationPolicy(this.dataSource.manager);
  }

  async update(actor: Actor, input: UpdateEscalationPolicy): Promise<EscalationPolicyView> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO dispatch.escalation_policy (id, reminder_fractions, ladder, updated_at, updated_by)
         VALUES (1, $1::float8[], $2::jsonb, now(), $3)
         ON CONFLICT (id) DO UPDATE SET reminder_fractions = EXCLUDED.reminder_fractions, ladder = EXCLUDED.ladder,
                updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [input.reminderFractions, JSON.stringify(input.ladder), actor.userId],
      );
      return loadEscalationPolicy(manager);
    });
  }
}
