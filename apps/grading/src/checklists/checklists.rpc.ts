import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { checklistRequest, putChecklistRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type ChecklistKey, ChecklistsService, type PutChecklist } from './checklists.service.js';

@Controller()
@UseGuards(AuthGuard)
export class ChecklistsRpc {
  constructor(private readonly checklists: ChecklistsService) {}

  @OnRpc(RpcPattern.GradingGetChecklist)
  @Roles('school_reporter', 'inspector', 'supervisor', 'administrator')
  get(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(checklistRequest)) input: ChecklistKey) {
    return this.checklists.get(actor, input);
  }

  @OnRpc(RpcPattern.GradingPutChecklist)
  @Roles('school_reporter', 'inspector')
  put(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(putChecklistRequest)) input: PutChecklist) {
    return this.checklists.put(actor, input);
  }
}
