import type { EntityManager } from 'typeorm';
import { parseEvent, type EventContract, type EventEnvelope } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { metrics, runInContext, type Logger } from '#libs/observability';
import { failpoint } from './failpoint.js';
import type { ParkedEvents } from './parked-events.js';
import { classifyFailure, decideRetry, type RetryBudget } from './retry-policy.js';

/** What delivery needs of a JetStream message; a fake in unit tests. */
export interface DeliveredMessage {
  readonly data: Uint8Array;
  readonly subject: string;
  readonly info: { readonly deliveryCount: number };
  ack(): void;
  nak(delayMs?: number): void;
  /** Tells the broker the message is still being worked on, so the ack wait starts again. */
  working(): void;
}

/** Records event ids in the service's inbox inside the transaction; answers the ids not seen before. */
export type InboxClaim = (manager: EntityManager, consumer: string, eventIds: string[]) => Promise<Set<string>>;

export interface EventDeliveryPorts {
  /** Durable consumer name: the inbox and parked rows are kept per consumer. */
  consumer: string;
  contract: EventContract;
  transaction: <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;
  claimInbox: InboxClaim;
  /**
   * The service's handler, run inside the transaction: for each new event, or (a set-based handler,
   * `batch: true`) once with all the batch's new events in order.
   */
  handle: (envelopes: readonly EventEnvelope[], manager: EntityManager) => Promise<void>;
  batch?: boolean;
  /** The events the handler acts on (see OnEventOptions.when); every event when absent. */
  when?: (payload: unknown) => boolean;
  parked: Pick<ParkedEvents, 'park'>;
  budget: RetryBudget;
  log: Logger;
  /** How often a long batch tells the broker it is still working (below the ack wait). */
  workingIntervalMs: number;
}

interface Valid {
  msg: DeliveredMessage;
  envelope: EventEnvelope;
}

/**
 * Applies a batch of deliveries of one event type: one transaction records all their ids in the
 * inbox (a redelivered one is skipped) and runs the handler for each new one; every message is acked
 * only after that commit. When the batch fails for a reason other than an outage, each message is
 * tried alone, so one poison message is parked without holding the others back.
 */
export class EventDelivery {
  /**
   * Failed attempts per event in this process. The broker's delivery count also counts redeliveries
   * after an ack timeout (a slow or paused process), which say nothing about the event itself.
   */
  private readonly failures = new Map<string, number>();

  constructor(private readonly ports: EventDeliveryPorts) {}

  async deliver(messages: readonly DeliveredMessage[]): Promise<void> {
    metrics.eventsRedelivered(this.ports.contract.type, messages.filter((m) => m.info.deliveryCount > 1).length);
    const valid: Valid[] = [];
    for (const msg of messages) {
      const parsed = parseEvent(msg.data);
      if (parsed.ok && parsed.envelope.type === this.ports.contract.type) {
        valid.push({ msg, envelope: parsed.envelope });
        continue;
      }
      const reason = parsed.ok ? `expected ${this.ports.contract.type}, got ${parsed.envelope.type}` : parsed.reason;
      await this.park(msg, reason, parsed.ok ? parsed.envelope : parsed);
    }
    const wanted = this.ackIgnored(valid);
    if (wanted.length === 0) return;
    const keepAlive = setInterval(() => wanted.forEach((v) => v.msg.working()), this.ports.workingIntervalMs);
    try {
      if (wanted.length > 1) {
        try {
          await this.apply(wanted.map((v) => v.envelope));
          this.ackAll(wanted);
          return;
        } catch (error) {
          if (classifyFailure(error) === 'transient') return this.retryAll(wanted, error);
          this.ports.log.warn(
            { consumer: this.ports.consumer, size: wanted.length },
            'batch failed; trying its events one by one',
          );
        }
      }
      for (const item of wanted) {
        try {
          await this.apply([item.envelope]);
          this.failures.delete(item.envelope.id);
          this.ackAll([item]);
        } catch (error) {
          await this.failed(item, error);
        }
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Runs handlers for the events not handled before, in one transaction with their inbox rows. */
  async apply(envelopes: readonly EventEnvelope[]): Promise<void> {
    const { consumer, transaction, claimInbox, handle, batch } = this.ports;
    const relevant = envelopes.filter((envelope) => this.actsOn(envelope));
    if (relevant.length === 0) return;
    await transaction(async (manager) => {
      const fresh = await claimInbox(manager, consumer, [...new Set(relevant.map((e) => e.id))]);
      const firstSeen = relevant.filter((envelope) => fresh.delete(envelope.id));
      if (firstSeen.length === 0) return;
      // A set-based handler takes each event's correlation from its envelope (Outbox causedBy).
      if (batch) return handle(firstSeen, manager);
      for (const envelope of firstSeen) {
        await runInContext({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
          handle([envelope], manager),
        );
      }
    });
  }

  /** Whether the handler acts on this event (see OnEventOptions.when); a predicate that throws leaves it to the handler. */
  private actsOn(envelope: EventEnvelope): boolean {
    const { when } = this.ports;
    if (!when) return true;
    try {
      return when(envelope.payload);
    } catch {
      return true;
    }
  }

  /** Acks at once the events the handler does not act on; answers the others. */
  private ackIgnored(valid: readonly Valid[]): Valid[] {
    if (!this.ports.when) return [...valid];
    const wanted: Valid[] = [];
    for (const item of valid) {
      if (this.actsOn(item.envelope)) wanted.push(item);
      else item.msg.ack();
    }
    metrics.eventsIgnored(this.ports.contract.type, valid.length - wanted.length);
    return wanted;
  }

  private ackAll(items: readonly Valid[]): void {
    // A crash here (the crash tests' failpoint) leaves committed work unacked: redelivery finds it in the inbox.
    failpoint('consumer.before-ack', this.ports.contract.type);
    for (const item of items) item.msg.ack();
    metrics.eventsConsumed(this.ports.contract.type, items.length);
  }

  private retryAll(items: readonly Valid[], error: unknown): void {
    for (const { msg } of items) msg.nak(retryDelay(msg.info.deliveryCount, this.ports.budget));
    this.ports.log.warn(
      { consumer: this.ports.consumer, size: items.length, err: errorSummary(error) },
      'events could not be handled while a dependency is away; will retry',
    );
  }

  private async failed({ msg, envelope }: Valid, error: unknown): Promise<void> {
    const kind = classifyFailure(error);
    // Only a failure of unknown cause spends the budget; an outage's back-off follows the deliveries.
    const attempts = kind === 'unknown' ? (this.failures.get(envelope.id) ?? 0) + 1 : msg.info.deliveryCount;
    const decision = decideRetry(kind, attempts, this.ports.budget);
    this.failures.delete(envelope.id);
    if (kind === 'unknown' && decision.action === 'retry') {
      this.failures.set(envelope.id, attempts);
      // Bounded: the oldest entries go first (an event dropped from here only gets a fresh budget).
      if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
    }
    const context = { consumer: this.ports.consumer, eventId: envelope.id, attempts, kind, err: errorSummary(error) };
    if (decision.action === 'retry') {
      this.ports.log.warn({ ...context, delayMs: decision.delayMs }, 'event handler failed; will retry');
      msg.nak(decision.delayMs);
      return;
    }
    await this.park(msg, `${decision.reason}: ${errorSummary(error)}`, envelope);
  }

  /** Keeps the raw bytes in the service's own database (never in a log) and acks, so the consumer goes on. */
  private async park(msg: DeliveredMessage, reason: string, event: { id?: string; eventId?: string; type?: string }) {
    const eventId = 'eventId' in event ? event.eventId : event.id;
    try {
      await this.ports.parked.park({
        consumer: this.ports.consumer,
        data: msg.data,
        reason,
        deliveries: msg.info.deliveryCount,
        eventId,
        type: event.type,
      });
    } catch (error) {
      // Not parked, so not acked: the broker delivers it again later.
      this.ports.log.warn(
        { consumer: this.ports.consumer, err: errorSummary(error) },
        'could not park an event; will retry',
      );
      msg.nak(retryDelay(msg.info.deliveryCount, this.ports.budget));
      return;
    }
    this.ports.log.warn({ consumer: this.ports.consumer, eventId, subject: msg.subject, reason }, 'event parked');
    msg.ack();
    metrics.eventParked(this.ports.contract.type);
  }
}

/** The back-off of a transient failure, which never parks. */
function retryDelay(deliveries: number, budget: RetryBudget): number {
  const decision = decideRetry('transient', deliveries, budget);
  return decision.action === 'retry' ? decision.delayMs : 1000;
}

/** The production inbox: one multi-row insert; a conflict means the event was handled before. */
export const sqlInboxClaim =
  (schema: string): InboxClaim =>
  async (manager, consumer, eventIds) => {
    const rows: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO "${schema}".inbox (event_id, consumer) SELECT unnest($1::uuid[]), $2
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventIds, consumer],
    );
    return new Set(rows.map((row) => row.event_id));
  };
