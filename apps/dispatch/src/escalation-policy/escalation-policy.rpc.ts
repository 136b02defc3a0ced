import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { EscalationPolicies } from './escalation-policy.service.js';

const { DispatchGetEscalationPolicy: Get, DispatchUpdateEscalationPolicy: Update } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class EscalationPolicyRpc {
  constructor(private readonly policies: EscalationPolicies) {}

  @OnRoute(Get)
  get() {
    return this.policies.get();
  }

  @OnRoute(Update)
  update(input: In<typeof Update>, actor: Actor) {
    return this.policies.update(actor, input);
  }
}
