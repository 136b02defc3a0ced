import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import {
  type listSlaPoliciesRequest,
  type Page,
  pageOf,
  SEVERITIES,
  type Severity,
  type updateSlaPolicyRequest,
} from '#libs/contracts';
import { SlaPolicy } from './sla-policy.entity.js';

export type UpdateSlaPolicy = z.infer<typeof updateSlaPolicyRequest>;
export type ListSlaPolicies = z.infer<typeof listSlaPoliciesRequest>;

export interface SlaPolicyView {
  severity: Severity;
  ackWithin: string;
  rectifyWithin: string;
  updatedAt: string;
}

/**
 * How long a process serves the policies it read without asking Postgres again. The process that
 * changes a policy forgets its copy at once; another process of dispatch may answer the old windows
 * for at most this long. Assignment reads the policy in its own transaction, never from this copy.
 */
export const SLA_POLICY_CACHE_MS = 2000;

const view = (policy: SlaPolicy): SlaPolicyView => ({
  severity: policy.severity,
  ackWithin: policy.ackWithin,
  rectifyWithin: policy.rectifyWithin,
  updatedAt: policy.updatedAt.toISOString(),
});

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

/** Reading and changing the acknowledgement and rectification windows per severity. */
@Injectable()
export class SlaPolicies {
  private cached?: { policies: SlaPolicyView[]; until: number };
  private loading?: Promise<SlaPolicyView[]>;
  /** Bumped by every change, so that a read begun before it cannot fill the cache after it. */
  private generation = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** From the most to the least severe, a page at a time. */
  async list({ cursor, limit }: ListSlaPolicies): Promise<Page<SlaPolicyView>> {
    const after = cursor ? rank(cursor[0]) : -1;
    const rows = (await this.all()).filter((policy) => rank(policy.severity) > after).slice(0, limit + 1);
    return pageOf(
      rows,
      limit,
      (policy) => [policy.severity],
      (policy) => policy,
    );
  }

  /** Applies to assignments made from now on; running deadlines keep the window they started with. */
  async update(actor: Actor, input: UpdateSlaPolicy): Promise<SlaPolicyView> {
    const repository = this.dataSource.getRepository(SlaPolicy);
    this.forget();
    await repository.upsert({ ...input, updatedAt: new Date(), updatedBy: actor.userId }, ['severity']);
    this.forget();
    return view(await repository.findOneByOrFail({ severity: input.severity }));
  }

  private async all(): Promise<SlaPolicyView[]> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.policies;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<SlaPolicyView[]> {
    const generation = this.generation;
    const rows: SlaPolicy[] = await this.dataSource.query(
      `SELECT severity, ack_within AS "ackWithin", rectify_within AS "rectifyWithin", updated_at AS "updatedAt"
         FROM dispatch.sla_policies`,
    );
    const policies = rows.map(view).sort((a, b) => rank(a.severity) - rank(b.severity));
    if (generation === this.generation) this.cached = { policies, until: Date.now() + SLA_POLICY_CACHE_MS };
    return policies;
  }

  private forget(): void {
    this.generation += 1;
    this.cached = undefined;
    this.loading = undefined;
  }
}
