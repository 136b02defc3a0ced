import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The actor of what intake does on its own: no user, so the nil uuid and a role naming the job. */
export const RETENTION_ACTOR = { id: '00000000-0000-0000-0000-000000000000', role: 'system:retention' } as const;

/**
 * Records that the retention sweep erased protected fields, in intake.field_reads beside the reads:
 * the one append-only, hash-chained audit of intake's personal data, so a chain verification covers
 * both who read a tip or report and when its texts (or a case's evidence files) were removed. One row per
 * tip, report or case.
 */
@Injectable()
export class ErasureAudit {
  async record(
    manager: EntityManager,
    subject: 'tip' | 'report' | 'case',
    subjectIds: readonly string[],
    fields: readonly string[],
  ): Promise<void> {
    if (subjectIds.length === 0) return;
    await manager.query(
      `INSERT INTO intake.field_reads (actor_id, actor_role, subject, subject_id, fields, prev_hash, hash)
       SELECT $1, $2, $3, id, $5, '', '' FROM unnest($4::uuid[]) AS id`,
      [RETENTION_ACTOR.id, RETENTION_ACTOR.role, subject, subjectIds, fields.map((field) => `erased:${field}`)],
    );
  }
}
