import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#libs/auth';

export type AuditSubject = 'report' | 'tip' | 'tip-thread' | 'report-thread' | 'duplicate-scan';

/**
 * Records a staff member's read of protected fields (who, what, when) in intake.field_reads, which
 * refuses updates and deletes and chains each row to the one before by hash. Written before the
 * text is returned: a read that cannot be recorded does not happen.
 */
@Injectable()
export class ReadAudit {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    actor: Actor,
    subject: AuditSubject,
    subjectId: string,
    fields: string[],
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO intake.field_reads (actor_id, actor_role, subject, subject_id, fields, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, '', '')`,
      [actor.userId, actor.role, subject, subjectId, fields],
    );
  }
}
