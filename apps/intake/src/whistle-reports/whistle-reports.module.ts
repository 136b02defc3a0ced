import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseStatusProjection } from './case-status.projection.js';
import { GetWhistleReportUseCase } from './get-whistle-report.use-case.js';
import { ListWhistleReportsQuery } from './list-whistle-reports.query.js';
import { TipsModule } from '../tips/tips.module.js';
import { ReferenceSequence } from './reference-sequence.js';
import { ReportMessagesUseCase } from './report-messages.use-case.js';
import { SubmitWhistleReportUseCase } from './submit-whistle-report.use-case.js';
import { WhistleReport } from './whistle-report.entity.js';
import { WhistleReportsRpc } from './whistle-reports.rpc.js';

@Module({
  imports: [TypeOrmModule.forFeature([WhistleReport]), TipsModule],
  controllers: [WhistleReportsRpc, CaseStatusProjection],
  providers: [
    SubmitWhistleReportUseCase,
    GetWhistleReportUseCase,
    ListWhistleReportsQuery,
    ReportMessagesUseCase,
    ReferenceSequence,
  ],
})
export class WhistleReportsModule {}
