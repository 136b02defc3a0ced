import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#libs/auth';
import { type CaseStatus, type Category, cursorTimestampSql, type NewestFirstKey, pageOf } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { FieldCipher } from '../privacy/field-cipher.js';
import { ReadAudit } from '../privacy/read-audit.js';
import { anonymisedConflict } from '../retention/anonymised-conflict.js';
import type { TipStatus } from './tip-status-text.js';
import { Threads } from './tip-thread.js';

interface TipRow {
  id: string;
  reference: string;
  status: TipStatus;
  school_id: string | null;
  school_name: string | null;
  category: Category | null;
  what: string;
  occurred: string | null;
  place: string | null;
  people: string | null;
  contact: string | null;
  life_safety: boolean;
  decision_reason: string | null;
  duplicate_of: string | null;
  triaged_by: string | null;
  triaged_at: Date | null;
  anonymised_at: Date | null;
  case_status: CaseStatus | null;
  submitted_at: Date;
  cursorAt: string;
}

const summary = (row: TipRow) => ({
  id: row.id,
  reference: row.reference,
  status: row.status,
  schoolId: row.school_id,
  category: row.category,
  lifeSafety: row.life_safety,
  caseStatus: row.case_status,
  submittedAt: row.submitted_at.toISOString(),
});

/** The task force's side of the 110 mailbox: the queue (no texts), one tip (texts, audited), its thread. */
@Injectable()
export class StaffTipsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: ReadAudit,
    private readonly threads: Threads,
  ) {}

  async list(input: { status?: TipStatus; cursor?: NewestFirstKey; limit: number }) {
    const parameters: unknown[] = [input.limit + 1];
    const where: string[] = [];
    if (input.status) where.push(`status = $${parameters.push(input.status)}`);
    if (input.cursor) {
      where.push(
        `(submitted_at, id) < ($${parameters.push(input.cursor[0])}::timestamptz, $${parameters.push(input.cursor[1])}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<TipRow[]>(
      `SELECT id, reference, status, school_id, category, life_safety, case_status, submitted_at,
              ${cursorTimestampSql('submitted_at')} AS "cursorAt"
         FROM intake.tips ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY submitted_at DESC, id DESC LIMIT $1`,
      parameters,
    );
    return pageOf(rows, input.limit, (row) => [row.cursorAt, row.id], summary);
  }

  async get(actor: Actor, id: string) {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.load(manager, id);
      await this.audit.record(
        actor,
        'tip',
        id,
        ['schoolName', 'what', 'when', 'where', 'who', 'contact', 'messages'],
        manager,
      );
      const open = (column: keyof TipRow) => this.cipher.open('tips', column, id, row[column] as string | null);
      return {
        ...summary(row),
        schoolName: open('school_name'),
        what: open('what'),
        when: open('occurred'),
        where: open('place'),
        who: open('people'),
        contact: open('contact'),
        triage: row.triaged_at
          ? {
              reason: open('decision_reason'),
              duplicateOf: row.duplicate_of,
              by: row.triaged_by,
              at: row.triaged_at.toISOString(),
            }
          : null,
        messages: await this.threads.read(manager, id, 'staff'),
        anonymisedAt: row.anonymised_at?.toISOString() ?? null,
      };
    });
  }

  async postMessage(actor: Actor, id: string, text: string) {
    const messageId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: the retention sweep cannot clear the thread between this check and the insert.
      if ((await this.load(manager, id, 'FOR SHARE')).anonymised_at) throw anonymisedConflict('tip');
      await this.threads.add(
        manager,
        { id: messageId, threadKind: 'tip', threadId: id, author: 'staff' },
        actor.userId,
        text,
        [],
      );
    });
    return { id: messageId };
  }

  private async load(manager: EntityManager, id: string, lock: '' | 'FOR SHARE' = ''): Promise<TipRow> {
    const [row] = await manager.query<TipRow[]>(`SELECT * FROM intake.tips WHERE id = $1 ${lock}`, [id]);
    if (!row) throw AppError.notFound('tip');
    return row;
  }
}
