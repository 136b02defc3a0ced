import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import type { Category, triageTipRequest } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { FieldCipher } from '../privacy/field-cipher.js';
import { TipEscalation } from './tip-escalation.js';
import type { TipStatus } from './tip-status-text.js';

export type TriageTip = z.infer<typeof triageTipRequest>;

const STATUS_OF: Record<TriageTip['decision'], TipStatus> = {
  'open-case': 'escalated',
  false: 'false',
  prank: 'prank',
  spam: 'spam',
  duplicate: 'duplicate',
};

/**
 * The task force decides a received tip once: a case (TipEscalated, dispatch opens it straight in
 * the task force's queue) or one of the refusals, which stay in the table and are counted, never deleted.
 */
@Injectable()
export class TriageTipUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly escalation: TipEscalation,
  ) {}

  async execute(actor: Actor, input: TriageTip) {
    return this.dataSource.transaction(async (manager) => {
      const [tip] = await manager.query<
        Array<{
          reference: string;
          status: TipStatus;
          school_id: string | null;
          category: Category | null;
          life_safety: boolean;
        }>
      >('SELECT reference, status, school_id, category, life_safety FROM intake.tips WHERE id = $1 FOR UPDATE', [
        input.id,
      ]);
      if (!tip) throw AppError.notFound('tip');
      if (tip.status !== 'received') throw AppError.conflict(`the tip was already triaged (${tip.status})`);
      if (input.duplicateOf) {
        const [other] = await manager.query<unknown[]>('SELECT 1 FROM intake.tips WHERE id = $1', [input.duplicateOf]);
        if (!other) throw AppError.badRequest('is not a known tip', 'duplicateOf');
      }
      await manager.query(
        `UPDATE intake.tips SET status = $2, decision_reason = $3, duplicate_of = $4, triaged_by = $5, triaged_at = now()
          WHERE id = $1`,
        [
          input.id,
          STATUS_OF[input.decision],
          this.cipher.seal('tips', 'decision_reason', input.id, input.reason),
          input.duplicateOf ?? null,
          actor.userId,
        ],
      );
      if (input.decision === 'open-case') {
        await this.escalation.escalate(
          manager,
          {
            id: input.id,
            reference: tip.reference,
            schoolId: tip.school_id,
            category: input.category ?? tip.category ?? 'bullying',
            severity: input.severity ?? (tip.life_safety ? 'urgent' : 'high'),
            lifeSafety: tip.life_safety,
          },
          { kind: 'user', id: actor.userId },
        );
      }
      return { id: input.id, reference: tip.reference, status: STATUS_OF[input.decision] };
    });
  }
}
