import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import {
  type Category,
  type listSlaPoliciesRequest,
  type Page,
  pageOf,
  SEVERITIES,
  type Severity,
  type updateSlaPolicyOverrideRequest,
  type updateSlaPolicyRequest,
} from '#libs/contracts';
import type { Clock } from '../calendars/working-time.js';
import { SlaPolicy } from './sla-policy.entity.js';

export type UpdateSlaPolicy = z.infer<typeof updateSlaPolicyRequest>;
export type UpdateSlaPolicyOverride = z.infer<typeof updateSlaPolicyOverrideRequest>;
export type ListSlaPolicies = z.infer<typeof listSlaPoliciesRequest>;

/** A category's own windows within a severity. */
export interface SlaPolicyOverrideView {
  severity: Severity;
  category: Category;
  ackWithin: string;
  rectifyWithin: string;
  clock: Clock;
  updatedAt: string;
}

export interface SlaPolicyView {
  severity: Severity;
  ackWithin: string;
  rectifyWithin: string;
  clock: Clock;
  updatedAt: string;
  categories: Array<Omit<SlaPolicyOverrideView, 'severity'>>;
}

/** Left out of a change, the clock is calendar time for urgent cases and working time for the others. */
export const defaultClock = (severity: Severity): Clock => (severity === 'urgent' ? 'calendar' : 'working');

interface OverrideRow {
  severity: Severity;
  category: Category;
  ackWithin: string;
  rectifyWithin: string;
  clock: Clock;
  updatedAt: Date;
}

const overrideView = (row: OverrideRow): SlaPolicyOverrideView => ({
  severity: row.severity,
  category: row.category,
  ackWithin: row.ackWithin,
  rectifyWithin: row.rectifyWithin,
  clock: row.clock,
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * How long a process serves the policies it read without asking Postgres again. The process that
 * changes a policy forgets its copy at once; another process of dispatch may answer the old windows
 * for at most this long. Assignment reads the policy in its own transaction, never from this copy.
 */
export const SLA_POLICY_CACHE_MS = 2000;

const view = (policy: SlaPolicy, overrides: readonly OverrideRow[]): SlaPolicyView => ({
  severity: policy.severity,
  ackWithin: policy.ackWithin,
  rectifyWithin: policy.rectifyWithin,
  clock: policy.clock ?? defaultClock(policy.severity),
  updatedAt: policy.updatedAt.toISOString(),
  categories: overrides
    .filter((row) => row.severity === policy.severity)
    .map((row) => ({
      category: row.category,
      ackWithin: row.ackWithin,
      rectifyWithin: row.rectifyWithin,
      clock: row.clock,
      updatedAt: row.updatedAt.toISOString(),
    })),
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
    const clock = input.clock ?? defaultClock(input.severity);
    this.forget();
    await repository.upsert({ ...input, clock, updatedAt: new Date(), updatedBy: actor.userId }, ['severity']);
    this.forget();
    const policy = await repository.findOneByOrFail({ severity: input.severity });
    return view(policy, await this.overrides(input.severity));
  }

  /** One category's windows within a severity; the category's cases follow them from the next assignment. */
  async updateOverride(actor: Actor, input: UpdateSlaPolicyOverride): Promise<SlaPolicyOverrideView> {
    const clock = input.clock ?? defaultClock(input.severity);
    this.forget();
    const [row] = await this.dataSource.query<OverrideRow[]>(
      `INSERT INTO dispatch.sla_policy_overrides (severity, category, ack_within, rectify_within, clock, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, now(), $6)
       ON CONFLICT (severity, category) DO UPDATE SET ack_within = EXCLUDED.ack_within,
              rectify_within = EXCLUDED.rectify_within, clock = EXCLUDED.clock,
              updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING severity, category, ack_within AS "ackWithin", rectify_within AS "rectifyWithin", clock,
                 updated_at AS "updatedAt"`,
      [input.severity, input.category, input.ackWithin, input.rectifyWithin, clock, actor.userId],
    );
    this.forget();
    return overrideView(row);
  }

  private overrides(severity?: Severity): Promise<OverrideRow[]> {
    return this.dataSource.query<OverrideRow[]>(
      `SELECT severity, category, ack_within AS "ackWithin", rectify_within AS "rectifyWithin", clock,
              updated_at AS "updatedAt"
         FROM dispatch.sla_policy_overrides WHERE $1::text IS NULL OR severity = $1 ORDER BY category`,
      [severity ?? null],
    );
  }

  private async all(): Promise<SlaPolicyView[]> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.policies;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<SlaPolicyView[]> {
    const generation = this.generation;
    const rows: SlaPolicy[] = await this.dataSource.query(
      `SELECT severity, ack_within AS "ackWithin", rectify_within AS "rectifyWithin", clock, updated_at AS "updatedAt"
         FROM dispatch.sla_policies`,
    );
    const overrides = await this.overrides();
    const policies = rows.map((row) => view(row, overrides)).sort((a, b) => rank(a.severity) - rank(b.severity));
    if (generation === this.generation) this.cached = { policies, until: Date.now() + SLA_POLICY_CACHE_MS };
    return policies;
  }

  private forget(): void {
    this.generation += 1;
    this.cached = undefined;
    this.loading = undefined;
  }
}
