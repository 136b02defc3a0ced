import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaseAnonymised, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
import { ATTACHMENT_STORE, type AttachmentStore } from '#libs/storage';
import { updatedRows } from '../attachments/link-attachments.js';
import { ErasureAudit } from '../privacy/erasure-audit.js';

/**
 * Removes a case's rectification evidence once dispatch has removed the case's texts (retention).
 * The files go before the inbox's commit: a failed commit redelivers the event and they are removed
 * again (a missing file is no error); removing after it could leave files nobody removes.
 */
@Controller()
export class CaseEvidenceErasure {
  constructor(
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly audit: ErasureAudit,
  ) {}

  @OnEvent(CaseAnonymised)
  async onCaseAnonymised(@Payload() event: PayloadOf<typeof CaseAnonymised>, @Ctx() context: BusEventContext) {
    const result = await context.manager.query<unknown[]>(
      `UPDATE intake.attachments SET sha256 = '', anonymised_at = $2
        WHERE attached_kind = 'evidence' AND attached_id = $1 AND anonymised_at IS NULL
        RETURNING storage_key`,
      [event.caseId, event.anonymisedAt],
    );
    const keys = updatedRows<{ storage_key: string }>(result).map((row) => row.storage_key);
    if (keys.length === 0) return;
    await this.audit.record(context.manager, 'case', [event.caseId], ['evidence']);
    for (const key of keys) await this.store.remove(key);
  }
}
