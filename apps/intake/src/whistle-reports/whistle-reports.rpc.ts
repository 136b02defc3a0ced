import { Controller, UseGuards } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import {
  getTaxonomyRequest,
  getWhistleReportRequest,
  postReportMessageRequest,
  RpcHeader,
  RpcPattern,
  submitWhistleReportRequest,
} from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { BusRpcContext, OnRpc } from '#libs/messaging';
import type { z } from 'zod';
import { GetWhistleReportUseCase } from './get-whistle-report.use-case.js';
import { ReportMessagesUseCase } from './report-messages.use-case.js';
import { TAXONOMY } from './taxonomy.js';
import { type SubmitWhistleReport, SubmitWhistleReportUseCase } from './submit-whistle-report.use-case.js';

@Controller()
@UseGuards(AuthGuard)
export class WhistleReportsRpc {
  constructor(
    private readonly submitReport: SubmitWhistleReportUseCase,
    private readonly getReport: GetWhistleReportUseCase,
    private readonly messages: ReportMessagesUseCase,
  ) {}

  @OnRpc(RpcPattern.IntakeSubmitWhistleReport)
  @Roles('school_reporter')
  submit(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(submitWhistleReportRequest)) input: SubmitWhistleReport,
    @Ctx() context: BusRpcContext,
  ) {
    return this.submitReport.execute(actor, input, context.header(RpcHeader.IdempotencyKey));
  }

  @OnRpc(RpcPattern.IntakeGetWhistleReport)
  get(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(getWhistleReportRequest)) input: { id: string }) {
    return this.getReport.execute(actor, input.id);
  }

  @OnRpc(RpcPattern.IntakePostReportMessage)
  @Roles('school_reporter', 'bureau_reviewer', 'taskforce_dispatcher', 'supervisor')
  postMessage(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(postReportMessageRequest)) input: z.infer<typeof postReportMessageRequest>,
  ) {
    return this.messages.post(actor, input.id, input.text, input.attachmentIds);
  }

  @OnRpc(RpcPattern.IntakeGetTaxonomy)
  taxonomy(@Payload(new ZodValidationPipe(getTaxonomyRequest)) _input: unknown) {
    return { categories: TAXONOMY };
  }
}
