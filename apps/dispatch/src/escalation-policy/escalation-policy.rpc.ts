import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { getEscalationPolicyRequest, RpcPattern, updateEscalationPolicyRequest } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { EscalationPolicies, type UpdateEscalationPolicy } from './escalation-policy.service.js';

@Controller()
@UseGuards(AuthGuard)
@Roles('administrator')
export class EscalationPolicyRpc {
  constructor(private readonly policies: EscalationPolicies) {}

  @OnRpc(RpcPattern.DispatchGetEscalationPolicy)
  get(@Payload(new ZodValidationPipe(getEscalationPolicyRequest)) _input: unknown) {
    return this.policies.get();
  }

  @OnRpc(RpcPattern.DispatchUpdateEscalationPolicy)
  update(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(updateEscalationPolicyRequest)) input: UpdateEscalationPolicy,
  ) {
    return this.policies.update(actor, input);
  }
}
