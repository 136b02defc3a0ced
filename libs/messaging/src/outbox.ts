import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventActor, EventContract, EventEnvelope, PayloadOf } from '#libs/contracts';
import { currentContext } from '#libs/observability';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options.js';
import { outboxChannel } from './messaging-tables.js';

export interface AppendOptions {
  /** The correlation id, when the work is not running in its own request context (a group commit). */
  correlationId?: string;
  actor?: EventActor;
  /** The event this one is a consequence of: sets correlation and causation. */
  causedBy?: EventEnvelope;
}

export interface OutboxItem<Payload> extends AppendOptions {
  payload: Payload;
}

/** Events of one contract. */
export interface OutboxBatch<C extends EventContract> {
  contract: C;
  items: ReadonlyArray<OutboxItem<PayloadOf<C>>>;
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
    return this.appendEach(
      manager,
      contract,
      payloads.map((payload) => ({ payload, ...options })),
    );
  }

  /**
   * Events of one contract, each with its own actor and correlation (the commands of a group
   * commit, say), in one statement and the caller's transaction.
   */
  async appendEach<C extends EventContract>(
    manager: EntityManager,
    contract: C,
    items: ReadonlyArray<OutboxItem<PayloadOf<C>>>,
  ): Promise<Array<EventEnvelope<PayloadOf<C>>>> {
    return (await this.appendAll(manager, [{ contract, items }])) as Array<EventEnvelope<PayloadOf<C>>>;
  }

  /** Events of several contracts in one statement and the caller's transaction, in the order given. */
  async appendAll(
    manager: EntityManager,
    batches: ReadonlyArray<OutboxBatch<EventContract>>,
  ): Promise<EventEnvelope[]> {
    const envelopes = batches.flatMap((batch) => this.envelopesOf(batch));
    if (envelopes.length === 0) return [];
    const schema = this.options.schema;
    const insert = insertEnvelopes(schema, 1);
    const params = [JSON.stringify(envelopes)];
    if (this.notified.has(manager)) {
      await manager.query(insert, params);
    } else {
      // The relay's wake-up rides on the insert (one round trip, not two); Postgres delivers it to
      // the relay's LISTEN only when the transaction commits, and one per transaction is enough.
      this.notified.add(manager);
      await manager.query(wakingTheRelay('', insert, 2), [...params, outboxChannel(schema)]);
    }
    return envelopes;
  }

  /**
   * A state change and the events announcing it in one statement: one round trip, and outside a
   * transaction the statement is its own, so the two still commit or roll back together. `change`
   * is one data-modifying statement using parameters $1…$n of `params`.
   */
  async appendWith(
    manager: EntityManager,
    change: { sql: string; params: readonly unknown[] },
    events: ReadonlyArray<OutboxBatch<EventContract>>,
  ): Promise<EventEnvelope[]> {
    const envelopes = events.flatMap((batch) => this.envelopesOf(batch));
    const n = change.params.length;
    await manager.query(
      wakingTheRelay(`change AS (${change.sql}), `, insertEnvelopes(this.options.schema, n + 1), n + 2),
      [...change.params, JSON.stringify(envelopes), outboxChannel(this.options.schema)],
    );
    return envelopes;
  }

  private envelopesOf<C extends EventContract>({
    contract,
    items,
  }: OutboxBatch<C>): Array<EventEnvelope<PayloadOf<C>>> {
    const context = currentContext();
    const occurredAt = new Date().toISOString();
    return items.map(({ payload, actor, causedBy, correlationId }): EventEnvelope<PayloadOf<C>> => ({
      id: randomUUID(),
      type: contract.type,
      version: contract.version,
      occurredAt,
      correlationId: causedBy?.correlationId ?? correlationId ?? context?.correlationId ?? randomUUID(),
      causationId: causedBy?.id ?? context?.causationId ?? null,
      actor: actor ?? { kind: 'system', id: this.options.service },
      // Validated on the way out as well as on the way in: a bad event never reaches the broker.
      payload: contract.payload.parse(payload) as PayloadOf<C>,
    }));
  }
}

/**
 * Inserts the envelopes of a JSON array parameter. One array for the whole batch: pg would otherwise
 * quote and escape every envelope into an array literal, character by character (a seventh of
 * node-postgres's time in a burst of breaches).
 */
const insertEnvelopes = (schema: string, param: number) =>
  `INSERT INTO "${schema}".outbox (id, type, envelope)
   SELECT (e->>'id')::uuid, e->>'type', e FROM jsonb_array_elements($${param}::jsonb) AS e`;

/** The insert (after the `WITH` members before it), then a notify on the channel given as parameter `$channel`. */
const wakingTheRelay = (before: string, insert: string, channel: number) =>
  `WITH ${before}inserted AS (${insert} RETURNING 1)
   SELECT pg_notify($${channel}, '') FROM (SELECT count(*) FROM inserted) AS c`;
