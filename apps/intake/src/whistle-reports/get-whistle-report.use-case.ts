import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';
import { FieldCipher } from '../privacy/field-cipher.js';
import { ReadAudit } from '../privacy/read-audit.js';
import { Threads } from '../tips/tip-thread.js';
import { canReadReport } from './report-access.js';
import { WhistleReport } from './whistle-report.entity.js';

/**
 * One report as its school and the county see it: the fields (protected ones opened, the read
 * recorded), the case's timeline as intake learned it from dispatch, and the thread with the task
 * force. Another school's report is reported as missing, not as forbidden, so ids leak nothing.
 */
@Injectable()
export class GetWhistleReportUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: ReadAudit,
    private readonly threads: Threads,
  ) {}

  async execute(actor: Actor, id: string) {
    return this.dataSource.transaction(async (manager) => {
      const report = await manager.getRepository(WhistleReport).findOneBy({ id });
      if (!report || !canReadReport(actor, report)) throw AppError.notFound('whistle report');
      await this.audit.record(actor, 'report', id, ['description', 'peopleInvolved', 'messages'], manager);
      const people = this.cipher.open('whistle_reports', 'people_involved', id, report.peopleInvolved);
      const timeline = await manager.query<Array<{ status: string; command: string | null; at: Date }>>(
        `SELECT to_status AS status, command, changed_at AS at FROM intake.case_history
          WHERE case_id = $1 ORDER BY coalesce(sequence, 0), changed_at, id`,
        [id],
      );
      return {
        id: report.id,
        reference: report.reference,
        schoolId: report.schoolId,
        category: report.category,
        subcategory: report.subcategory,
        severity: report.severity,
        title: report.title,
        description: this.cipher.open('whistle_reports', 'description', id, report.description),
        location: report.location,
        coordinates: report.lat !== null && report.lng !== null ? { lat: report.lat, lng: report.lng } : null,
        occurredAt: report.occurredAt?.toISOString() ?? null,
        peopleInvolved: people ? (JSON.parse(people) as unknown[]) : [],
        attachmentIds: report.attachmentIds,
        lifeSafety: report.lifeSafety,
        submittedAt: report.submittedAt.toISOString(),
        status: report.caseStatus,
        timeline: timeline.map((step) => ({ status: step.status, command: step.command, at: step.at.toISOString() })),
        messages: await this.threads.read(manager, id, actor.role === 'school_reporter' ? 'school' : 'staff'),
        anonymisedAt: report.anonymisedAt?.toISOString() ?? null,
      };
    });
  }
}
