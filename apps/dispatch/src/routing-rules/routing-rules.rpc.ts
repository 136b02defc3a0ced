import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { RoutingRulesService } from './routing-rules.service.js';

const { DispatchListRoutingRules: List, DispatchReplaceRoutingRules: Replace } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class RoutingRulesRpc {
  constructor(private readonly rules: RoutingRulesService) {}

  @OnRoute(List)
  list() {
    return this.rules.list();
  }

  @OnRoute(Replace)
  replace(input: In<typeof Replace>, actor: Actor) {
    return this.rules.replace(actor, input.rules);
  }
}
