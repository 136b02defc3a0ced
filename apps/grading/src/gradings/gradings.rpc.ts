import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import {
  decideAppealRequest,
  fileAppealRequest,
  getGradingRequest,
  listSchoolGradesRequest,
  publishGradingRequest,
  RpcPattern,
  runGradingRequest,
} from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type DecideAppeal, type FileAppeal, AppealsService } from './appeals.service.js';
import { GetGradingQuery } from './get-grading.query.js';
import { PublishGradingUseCase } from './publish-grading.use-case.js';
import { RunGradingUseCase } from './run-grading.use-case.js';

@Controller()
@UseGuards(AuthGuard)
export class GradingsRpc {
  constructor(
    private readonly runGrading: RunGradingUseCase,
    private readonly publishGrading: PublishGradingUseCase,
    private readonly gradings: GetGradingQuery,
    private readonly appeals: AppealsService,
  ) {}

  @OnRpc(RpcPattern.GradingRunGrading)
  @Roles('administrator')
  async run(@Payload(new ZodValidationPipe(runGradingRequest)) input: z.infer<typeof runGradingRequest>) {
    return (await this.runGrading.execute(input.quarter))!;
  }

  @OnRpc(RpcPattern.GradingGetGrading)
  @Roles('administrator', 'supervisor', 'inspector', 'taskforce_dispatcher', 'bureau_reviewer')
  get(@Payload(new ZodValidationPipe(getGradingRequest)) input: z.infer<typeof getGradingRequest>) {
    return this.gradings.quarter(input);
  }

  @OnRpc(RpcPattern.GradingPublishGrading)
  @Roles('administrator')
  publish(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(publishGradingRequest)) input: z.infer<typeof publishGradingRequest>,
  ) {
    return this.publishGrading.execute(actor, input.quarter);
  }

  @OnRpc(RpcPattern.GradingListSchoolGrades)
  @Roles('school_reporter', 'administrator', 'supervisor', 'inspector', 'taskforce_dispatcher', 'bureau_reviewer')
  school(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(listSchoolGradesRequest)) input: z.infer<typeof listSchoolGradesRequest>,
  ) {
    return this.gradings.school(actor, input);
  }

  @OnRpc(RpcPattern.GradingFileAppeal)
  @Roles('school_reporter')
  fileAppeal(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(fileAppealRequest)) input: FileAppeal) {
    return this.appeals.file(actor, input);
  }

  @OnRpc(RpcPattern.GradingDecideAppeal)
  @Roles('administrator')
  decideAppeal(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(decideAppealRequest)) input: DecideAppeal) {
    return this.appeals.decide(actor, input);
  }
}
