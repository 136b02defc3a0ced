import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventActor, EventContract, EventEnvelope, PayloadOf } from '#libs/contracts';
import { currentContext } from '#libs/observability';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options.js';
import { outboxChannel } from './messaging-tables.js';

export interface AppendOptions {
  actor?: EventActor;
  /** The event this one is a consequence of: sets correlation and causation. */
  causedBy?: EventEnvelope;
}

/**
 * Writes events into the service's outbox inside the caller's transaction, so a state change
 * and the event announcing it commit (or roll back) together. The relay publishes them.
 */
@Injectable()
export class Outbox {
  /** Transactions that already asked for a relay wake-up: one notify per transaction is enough. */
  private readonly notified = new WeakSet<EntityManager>();

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async append<C extends EventContract>(
    manager: EntityManager,
    contract: C,
    payload: PayloadOf<C>,
    options: AppendOptions = {},
  ): Promise<EventEnvelope<PayloadOf<C>>> {
    const [envelope] = await this.appendMany(manager, contract, [payload], options);
    return envelope;
  }

  /** Several events of one contract in one statement (a batch of breaches, say), same transaction rules. */
  async appendMany<C extends EventContract>(
    manager: EntityManager,
    contract: C,
    payloads: ReadonlyArray<PayloadOf<C>>,
    options: AppendOptions = {},
  ): Promise<Array<EventEnvelope<PayloadOf<C>>>> {
    if (payloads.length === 0) return [];
    const context = currentContext();
    const occurredAt = new Date().toISOString();
    const envelopes = payloads.map((payload): EventEnvelope<PayloadOf<C>> => ({
      id: randomUUID(),
      type: contract.type,
      version: contract.version,
      occurredAt,
      correlationId: options.causedBy?.correlationId ?? context?.correlationId ?? randomUUID(),
      causationId: options.causedBy?.id ?? context?.causationId ?? null,
      actor: options.actor ?? { kind: 'system', id: this.options.service },
      // Validated on the way out as well as on the way in: a bad event never reaches the broker.
      payload: contract.payload.parse(payload) as PayloadOf<C>,
    }));
    const schema = this.options.schema;
    await manager.query(
      `INSERT INTO "${schema}".outbox (id, type, envelope)
       SELECT id, $1, envelope FROM unnest($2::uuid[], $3::jsonb[]) AS e(id, envelope)`,
      [contract.type, envelopes.map((e) => e.id), envelopes.map((e) => JSON.stringify(e))],
    );
    // Delivered to the relay's LISTEN only when the transaction commits.
    if (!this.notified.has(manager)) {
      this.notified.add(manager);
      await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(schema), '']);
    }
    return envelopes;
  }
}
