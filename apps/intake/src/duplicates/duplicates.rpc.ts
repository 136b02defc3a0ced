import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { dismissDuplicateRequest, listDuplicatesRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { DuplicatesService } from './duplicates.service.js';

@Controller()
@UseGuards(AuthGuard)
export class DuplicatesRpc {
  constructor(private readonly duplicates: DuplicatesService) {}

  @OnRpc(RpcPattern.IntakeListDuplicates)
  @Roles('taskforce_dispatcher', 'supervisor')
  list(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(listDuplicatesRequest)) input: { caseId: string }) {
    return this.duplicates.list(actor, input.caseId);
  }

  @OnRpc(RpcPattern.IntakeDismissDuplicate)
  @Roles('taskforce_dispatcher')
  dismiss(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(dismissDuplicateRequest)) input: z.infer<typeof dismissDuplicateRequest>,
  ) {
    return this.duplicates.dismiss(actor, input.caseId, input.otherId);
  }
}
