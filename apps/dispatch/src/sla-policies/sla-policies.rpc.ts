import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { SlaPolicies } from './sla-policies.service.js';

const {
  DispatchListSlaPolicies: List,
  DispatchUpdateSlaPolicy: Update,
  DispatchUpdateSlaPolicyOverride: UpdateOverride,
} = Routes;

@Controller()
@UseGuards(AuthGuard)
export class SlaPoliciesRpc {
  constructor(private readonly policies: SlaPolicies) {}

  @OnRoute(List)
  list(input: In<typeof List>) {
    return this.policies.list(input);
  }

  @OnRoute(Update)
  update(input: In<typeof Update>, actor: Actor) {
    return this.policies.update(actor, input);
  }

  @OnRoute(UpdateOverride)
  updateOverride(input: In<typeof UpdateOverride>, actor: Actor) {
    return this.policies.updateOverride(actor, input);
  }
}
