import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Category, CaseStatus } from '#libs/contracts';
import { linkAttachments } from '../attachments/link-attachments.js';
import { LifeSafetyTerms } from '../life-safety/life-safety-terms.service.js';
import { anonymisedConflict } from '../retention/anonymised-conflict.js';
import { TipEscalation } from './tip-escalation.js';
import { TipGate } from './tip-gate.js';
import { tipStatusText, type TipStatus } from './tip-status-text.js';
import { Threads } from './tip-thread.js';

interface TipState {
  id: string;
  reference: string;
  status: TipStatus;
  case_status: CaseStatus | null;
  school_id: string | null;
  category: Category | null;
  anonymised_at: Date | null;
}

/**
 * The tipster's side of the anonymous thread: with the tracking code and secret (in the body, never
 * the URL) they read the status in plain words and the thread, and add information.
 */
@Injectable()
export class TipsterThreadUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gate: TipGate,
    private readonly threads: Threads,
    private readonly terms: LifeSafetyTerms,
    private readonly escalation: TipEscalation,
  ) {}

  async followUp(trackingCode: string, secret: string) {
    const { id } = await this.gate.verify(trackingCode, secret);
    return this.dataSource.transaction(async (manager) => {
      const tip = await this.state(manager, id);
      const text = tipStatusText(tip.status, tip.case_status);
      return {
        status: tip.status,
        statusText: text,
        messages: (await this.threads.read(manager, id, 'tipster')).map(({ from, text: body, attachmentIds, at }) => ({
          from: from === 'you' ? 'you' : 'staff',
          text: body,
          attachmentIds,
          at,
        })),
      };
    });
  }

  async addMessage(trackingCode: string, secret: string, text: string, attachmentIds: string[] | undefined) {
    const { id } = await this.gate.verify(trackingCode, secret);
    const lifeSafety = await this.terms.matches(text);
    const messageId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const tip = await this.state(manager, id, true);
      if (tip.anonymised_at) throw anonymisedConflict('tip');
      const linked = await linkAttachments(
        manager,
        attachmentIds,
        { kind: 'tipster', id },
        { kind: 'message', id: messageId },
      );
      await this.threads.add(
        manager,
        { id: messageId, threadKind: 'tip', threadId: id, author: 'tipster' },
        null,
        text,
        linked,
      );
      // A life-safety message on a tip not yet a case escalates it at once, as a first tip would.
      if (lifeSafety && tip.status === 'received') {
        await this.escalation.escalate(manager, {
          id,
          reference: tip.reference,
          schoolId: tip.school_id,
          category: tip.category ?? 'bullying',
          severity: 'urgent',
          lifeSafety: true,
        });
      }
    });
    return { id: messageId };
  }

  private async state(manager: import('typeorm').EntityManager, id: string, lock = false): Promise<TipState> {
    const [tip] = await manager.query<TipState[]>(
      `SELECT id, reference, status, case_status, school_id, category, anonymised_at FROM intake.tips WHERE id = $1
       ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return tip;
  }
}
