import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { getLifeSafetyTermsRequest, RpcPattern, setLifeSafetyTermsRequest } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { LifeSafetyTerms } from './life-safety-terms.service.js';

@Controller()
@UseGuards(AuthGuard)
export class LifeSafetyRpc {
  constructor(private readonly terms: LifeSafetyTerms) {}

  @OnRpc(RpcPattern.IntakeGetLifeSafetyTerms)
  @Roles('administrator')
  async get(@Payload(new ZodValidationPipe(getLifeSafetyTermsRequest)) _input: unknown) {
    return { terms: await this.terms.list() };
  }

  @OnRpc(RpcPattern.IntakeSetLifeSafetyTerms)
  @Roles('administrator')
  set(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(setLifeSafetyTermsRequest)) input: z.infer<typeof setLifeSafetyTermsRequest>,
  ) {
    return this.terms.replace(actor, input.terms);
  }
}
