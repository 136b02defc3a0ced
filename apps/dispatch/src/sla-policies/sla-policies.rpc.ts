import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { RpcPattern, SEVERITIES, updateSlaPolicyRequest } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { SlaPolicy } from './sla-policy.entity.js';

const view = (policy: SlaPolicy) => ({
  severity: policy.severity,
  ackWithin: policy.ackWithin,
  rectifyWithin: policy.rectifyWithin,
  updatedAt: policy.updatedAt.toISOString(),
});

@Controller()
@UseGuards(AuthGuard)
export class SlaPoliciesRpc {
  constructor(private readonly dataSource: DataSource) {}

  @OnRpc(RpcPattern.DispatchListSlaPolicies)
  async list() {
    const policies = await this.dataSource.getRepository(SlaPolicy).find();
    return policies.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)).map(view);
  }

  @OnRpc(RpcPattern.DispatchUpdateSlaPolicy)
  @Roles('administrator')
  async update(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(updateSlaPolicyRequest)) input: z.infer<typeof updateSlaPolicyRequest>,
  ) {
    const repository = this.dataSource.getRepository(SlaPolicy);
    await repository.upsert({ ...input, updatedAt: new Date(), updatedBy: actor.userId }, ['severity']);
    return view(await repository.findOneByOrFail({ severity: input.severity }));
  }
}
