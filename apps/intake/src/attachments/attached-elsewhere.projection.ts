import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  type AttachmentTarget,
  ChecklistUpdated,
  InspectionRecorded,
  type PayloadOf,
  TaskRectified,
} from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';

interface Link {
  kind: AttachmentTarget;
  /** The case, the inspection, or (a checklist) the school. */
  id: string;
  unitId?: string;
  schoolId?: string;
}

/**
 * Links files to what dispatch and grading attached them to, as their events tell: a case's
 * rectification evidence, an inspection, a school's term checklist. Only the acting user's own uploads
 * are linked, each once (or again to the same thing); any other id is ignored, not refused: dispatch
 * and grading asked intake (`intake.attachment.check`) before committing, so only a race (the same file
 * attached elsewhere in between) gets here, and an event cannot be answered with a 400.
 */
@Controller()
export class AttachedElsewhereProjection {
  @OnEvent(TaskRectified)
  async onTaskRectified(@Payload() event: PayloadOf<typeof TaskRectified>, @Ctx() context: BusEventContext) {
    await link(context.manager, event.evidence, event.rectifiedBy, {
      kind: 'evidence',
      id: event.caseId,
      unitId: event.unitId,
    });
  }

  @OnEvent(InspectionRecorded)
  async onInspectionRecorded(@Payload() event: PayloadOf<typeof InspectionRecorded>, @Ctx() context: BusEventContext) {
    await link(context.manager, event.attachmentIds, event.inspectorId, {
      kind: 'inspection',
      id: event.inspectionId,
      schoolId: event.schoolId,
    });
  }

  @OnEvent(ChecklistUpdated)
  async onChecklistUpdated(@Payload() event: PayloadOf<typeof ChecklistUpdated>, @Ctx() context: BusEventContext) {
    await link(context.manager, event.attachmentIds, event.updatedBy, {
      kind: 'checklist',
      id: event.schoolId,
      schoolId: event.schoolId,
    });
  }
}

async function link(manager: EntityManager, ids: readonly string[], userId: string, target: Link) {
  if (ids.length === 0) return;
  await manager.query(
    `UPDATE intake.attachments
        SET attached_kind = $3, attached_id = $4, attached_unit_id = $5, attached_school_id = $6
      WHERE id = ANY($1::uuid[]) AND uploader_kind = 'user' AND uploader_id = $2 AND anonymised_at IS NULL
        AND (attached_id IS NULL OR (attached_kind = $3 AND attached_id = $4))`,
    [ids, userId, target.kind, target.id, target.unitId ?? null, target.schoolId ?? null],
  );
}
