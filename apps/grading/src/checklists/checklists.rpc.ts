import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { ChecklistsService } from './checklists.service.js';

const { GradingGetChecklist: Get, GradingPutChecklist: Put } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class ChecklistsRpc {
  constructor(private readonly checklists: ChecklistsService) {}

  @OnRoute(Get)
  get(input: In<typeof Get>, actor: Actor) {
    return this.checklists.get(actor, input);
  }

  @OnRoute(Put)
  put(input: In<typeof Put>, actor: Actor) {
    return this.checklists.put(actor, input);
  }
}
