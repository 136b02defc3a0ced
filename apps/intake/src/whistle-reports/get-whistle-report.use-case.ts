import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';
import { canReadReport } from './report-access.js';
import { WhistleReport } from './whistle-report.entity.js';

/** Another school's report is reported as missing, not as forbidden, so ids leak nothing. */
@Injectable()
export class GetWhistleReportUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor, id: string) {
    const report = await this.dataSource.getRepository(WhistleReport).findOneBy({ id });
    if (!report || !canReadReport(actor, report)) throw AppError.notFound('whistle report');
    return {
      id: report.id,
      reference: report.reference,
      schoolId: report.schoolId,
      category: report.category,
      severity: report.severity,
      title: report.title,
      description: report.description,
      location: report.location,
      submittedAt: report.submittedAt.toISOString(),
      status: report.caseStatus,
    };
  }
}
