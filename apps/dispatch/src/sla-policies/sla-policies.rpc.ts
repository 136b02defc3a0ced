import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import {
  listSlaPoliciesRequest,
  RpcPattern,
  updateSlaPolicyOverrideRequest,
  updateSlaPolicyRequest,
} from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import {
  type ListSlaPolicies,
  SlaPolicies,
  type UpdateSlaPolicy,
  type UpdateSlaPolicyOverride,
} from './sla-policies.service.js';

@Controller()
@UseGuards(AuthGuard)
export class SlaPoliciesRpc {
  constructor(private readonly policies: SlaPolicies) {}

  @OnRpc(RpcPattern.DispatchListSlaPolicies)
  list(@Payload(new ZodValidationPipe(listSlaPoliciesRequest)) input: ListSlaPolicies) {
    return this.policies.list(input);
  }

  @OnRpc(RpcPattern.DispatchUpdateSlaPolicy)
  @Roles('administrator')
  update(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(updateSlaPolicyRequest)) input: UpdateSlaPolicy) {
    return this.policies.update(actor, input);
  }

  @OnRpc(RpcPattern.DispatchUpdateSlaPolicyOverride)
  @Roles('administrator')
  updateOverride(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(updateSlaPolicyOverrideRequest)) input: UpdateSlaPolicyOverride,
  ) {
    return this.policies.updateOverride(actor, input);
  }
}
