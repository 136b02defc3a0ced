import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { listRoutingRulesRequest, replaceRoutingRulesRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { RoutingRulesService } from './routing-rules.service.js';

@Controller()
@UseGuards(AuthGuard)
export class RoutingRulesRpc {
  constructor(private readonly rules: RoutingRulesService) {}

  @OnRpc(RpcPattern.DispatchListRoutingRules)
  @Roles('taskforce_dispatcher', 'administrator', 'supervisor')
  list(@Payload(new ZodValidationPipe(listRoutingRulesRequest)) _input: z.infer<typeof listRoutingRulesRequest>) {
    return this.rules.list();
  }

  @OnRpc(RpcPattern.DispatchReplaceRoutingRules)
  @Roles('administrator')
  replace(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(replaceRoutingRulesRequest)) input: z.infer<typeof replaceRoutingRulesRequest>,
  ) {
    return this.rules.replace(actor, input.rules);
  }
}
