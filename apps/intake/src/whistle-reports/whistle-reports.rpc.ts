import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { RpcHeader, type RouteInput as In, Routes } from '#libs/contracts';
import { type BusRpcContext, OnRoute } from '#libs/messaging';
import { GetWhistleReportUseCase } from './get-whistle-report.use-case.js';
import { ListWhistleReportsQuery } from './list-whistle-reports.query.js';
import { ReportMessagesUseCase } from './report-messages.use-case.js';
import { TAXONOMY } from './taxonomy.js';
import { SubmitWhistleReportUseCase } from './submit-whistle-report.use-case.js';

const {
  IntakeSubmitWhistleReport: Submit,
  IntakeListWhistleReports: List,
  IntakeGetWhistleReport: Get,
  IntakePostReportMessage: PostMessage,
  IntakeGetTaxonomy: Taxonomy,
} = Routes;

@Controller()
@UseGuards(AuthGuard)
export class WhistleReportsRpc {
  constructor(
    private readonly submitReport: SubmitWhistleReportUseCase,
    private readonly listReports: ListWhistleReportsQuery,
    private readonly getReport: GetWhistleReportUseCase,
    private readonly messages: ReportMessagesUseCase,
  ) {}

  @OnRoute(Submit)
  submit(input: In<typeof Submit>, actor: Actor, context: BusRpcContext) {
    return this.submitReport.execute(actor, input, context.header(RpcHeader.IdempotencyKey));
  }

  @OnRoute(List)
  list(input: In<typeof List>, actor: Actor) {
    return this.listReports.execute(actor, input);
  }

  @OnRoute(Get)
  get(input: In<typeof Get>, actor: Actor) {
    return this.getReport.execute(actor, input.id);
  }

  @OnRoute(PostMessage)
  postMessage(input: In<typeof PostMessage>, actor: Actor) {
    return this.messages.post(actor, input.id, input.text, input.attachmentIds);
  }

  @OnRoute(Taxonomy)
  taxonomy() {
    return { categories: TAXONOMY };
  }
}
