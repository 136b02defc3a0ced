import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { getRubricRequest, putRubricRequest, ROLES, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { RubricsService } from './rubrics.service.js';

@Controller()
@UseGuards(AuthGuard)
export class RubricsRpc {
  constructor(private readonly rubrics: RubricsService) {}

  /** Anyone signed in may read how schools are graded. */
  @OnRpc(RpcPattern.GradingGetRubric)
  @Roles(...ROLES)
  get(@Payload(new ZodValidationPipe(getRubricRequest)) input: z.infer<typeof getRubricRequest>) {
    return this.rubrics.get(input.version);
  }

  @OnRpc(RpcPattern.GradingPutRubric)
  @Roles('administrator')
  put(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(putRubricRequest)) input: z.infer<typeof putRubricRequest>,
  ) {
    return this.rubrics.create(actor, input);
  }
}
