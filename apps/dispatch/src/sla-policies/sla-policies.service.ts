import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { SEVERITIES, type updateSlaPolicyRequest } from '#libs/contracts';
import { SlaPolicy } from './sla-policy.entity.js';

export type UpdateSlaPolicy = z.infer<typeof updateSlaPolicyRequest>;

const view = (policy: SlaPolicy) => ({
  severity: policy.severity,
  ackWithin: policy.ackWithin,
  rectifyWithin: policy.rectifyWithin,
  updatedAt: policy.updatedAt.toISOString(),
});

/** Reading and changing the acknowledgement and rectification windows per severity. */
@Injectable()
export class SlaPolicies {
  constructor(private readonly dataSource: DataSource) {}

  async list() {
    const policies = await this.dataSource.getRepository(SlaPolicy).find();
    return policies.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)).map(view);
  }

  /** Applies to assignments made from now on; running deadlines keep the window they started with. */
  async update(actor: Actor, input: UpdateSlaPolicy) {
    const repository = this.dataSource.getRepository(SlaPolicy);
    await repository.upsert({ ...input, updatedAt: new Date(), updatedBy: actor.userId }, ['severity']);
    return view(await repository.findOneByOrFail({ severity: input.severity }));
  }
}
