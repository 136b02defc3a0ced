import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import {
  CHECKLIST_ITEMS,
  ChecklistUpdated,
  type checklistRequest,
  type putChecklistRequest,
  type RouteOutput,
  type Routes,
} from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { assertOwnSchool } from '../schools/school-access.js';

export type ChecklistKey = z.infer<typeof checklistRequest>;
export type PutChecklist = z.infer<typeof putChecklistRequest>;
/** As the route answers it (the time leaves as ISO text). */
export type ChecklistView = RouteOutput<typeof Routes.GradingGetChecklist>;

/** A school's safety checklist of one term: read it (empty until written), or write it whole. */
@Injectable()
export class ChecklistsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async get(actor: Actor, { schoolId, term }: ChecklistKey): Promise<ChecklistView> {
    assertOwnSchool(actor, schoolId);
    await this.assertSchool(schoolId);
    const [row]: Array<{ items: Record<string, unknown>; doneCount: number; updatedAt: Date }> =
      await this.dataSource.query(
        `SELECT items, done_count AS "doneCount", updated_by AS "updatedBy", updated_at AS "updatedAt"
         FROM grading.checklists WHERE school_id = $1 AND term = $2`,
        [schoolId, term],
      );
    const items = row?.items ?? Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, { done: false }]));
    return { schoolId, term, ...items, doneCount: row?.doneCount ?? 0, updatedAt: row?.updatedAt ?? null };
  }

  async put(actor: Actor, { schoolId, term, ...items }: PutChecklist): Promise<ChecklistView> {
    assertOwnSchool(actor, schoolId);
    await this.assertSchool(schoolId);
    const doneCount = CHECKLIST_ITEMS.filter((item) => items[item].done).length;
    const attachmentIds = [...new Set(CHECKLIST_ITEMS.flatMap((item) => items[item].attachmentIds ?? []))];
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO grading.checklists (school_id, term, items, done_count, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (school_id, term) DO UPDATE SET items = EXCLUDED.items, done_count = EXCLUDED.done_count,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [schoolId, term, JSON.stringify(items), doneCount, actor.userId],
      );
      // Ids only: intake links the writer's uploads to the school's checklist.
      await this.outbox.append(
        manager,
        ChecklistUpdated,
        { schoolId, term, updatedBy: actor.userId, attachmentIds, updatedAt: new Date().toISOString() },
        { actor: { kind: 'user', id: actor.userId } },
      );
    });
    return this.get(actor, { schoolId, term });
  }

  /** The files the stored checklist already lists: writing them again is keeping them, whoever uploaded them. */
  async storedAttachmentIds(schoolId: string, term: string): Promise<Set<string>> {
    const [row]: Array<{ items: Record<string, { attachmentIds?: string[] }> }> = await this.dataSource.query(
      'SELECT items FROM grading.checklists WHERE school_id = $1 AND term = $2',
      [schoolId, term],
    );
    return new Set(CHECKLIST_ITEMS.flatMap((item) => row?.items[item]?.attachmentIds ?? []));
  }

  private async assertSchool(schoolId: string) {
    const [school]: unknown[] = await this.dataSource.query('SELECT 1 FROM grading.schools WHERE id = $1', [schoolId]);
    if (!school) throw AppError.notFound('school');
  }
}
