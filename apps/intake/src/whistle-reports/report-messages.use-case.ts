import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';
import { linkAttachments } from '../attachments/link-attachments.js';
import { anonymisedConflict } from '../retention/anonymised-conflict.js';
import { Threads } from '../tips/tip-thread.js';
import { canReadReport } from './report-access.js';

/** A message in a report's thread: the school asks or answers, the county's staff do the same. */
@Injectable()
export class ReportMessagesUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: Threads,
  ) {}

  async post(actor: Actor, reportId: string, text: string, attachmentIds: string[] | undefined) {
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      // FOR SHARE: the retention sweep cannot clear the thread between this check and the insert.
      const [report] = await manager.query<Array<{ schoolId: string; anonymisedAt: Date | null }>>(
        'SELECT school_id AS "schoolId", anonymised_at AS "anonymisedAt" FROM intake.whistle_reports WHERE id = $1 FOR SHARE',
        [reportId],
      );
      if (!report || !canReadReport(actor, report)) throw AppError.notFound('whistle report');
      if (report.anonymisedAt) throw anonymisedConflict('whistle report');
      const linked = await linkAttachments(
        manager,
        attachmentIds,
        { kind: 'user', id: actor.userId },
        { kind: 'message', id },
      );
      const author = actor.role === 'school_reporter' ? 'school' : 'staff';
      await this.threads.add(
        manager,
        { id, threadKind: 'report', threadId: reportId, author },
        actor.userId,
        text,
        linked,
      );
    });
    return { id };
  }
}
