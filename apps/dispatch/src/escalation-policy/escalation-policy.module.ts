import { Module } from '@nestjs/common';
import { EscalationPolicyRpc } from './escalation-policy.rpc.js';
import { EscalationPolicies } from './escalation-policy.service.js';

@Module({ controllers: [EscalationPolicyRpc], providers: [EscalationPolicies] })
export class EscalationPolicyModule {}
