import { Controller, UseGuards } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { getWhistleReportRequest, RpcHeader, RpcPattern, submitWhistleReportRequest } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { BusRpcContext, OnRpc } from '#libs/messaging';
import { GetWhistleReportUseCase } from './get-whistle-report.use-case.js';
import { type SubmitWhistleReport, SubmitWhistleReportUseCase } from './submit-whistle-report.use-case.js';

@Controller()
@UseGuards(AuthGuard)
export class WhistleReportsRpc {
  constructor(
    private readonly submitReport: SubmitWhistleReportUseCase,
    private readonly getReport: GetWhistleReportUseCase,
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
}
