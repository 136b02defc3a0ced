import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  type Consumer,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { type NatsConnection, nanos } from '@nats-io/transport-node';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import {
  consumerName,
  eventSubject,
  OperationalVerb,
  parseEvent,
  producerOf,
  replayParkedEventRequest,
  streamName,
  type EventContract,
  type EventEnvelope,
} from '#libs/contracts';
import { AppError, errorSummary } from '#libs/errors';
import { runInContext, type Logger } from '#libs/observability';
import { BusEventContext, BusRpcContext } from './bus-context.js';
import { failpoint } from './failpoint.js';
import type { MessagingOptions } from './messaging-options.js';
import { ParkedEvents } from './parked-events.js';
import { RpcServer } from './rpc-server.js';

export const BUS_TRANSPORT = Symbol('BUS_TRANSPORT');

type OperationalHandler = (payload: unknown) => Promise<unknown>;

/**
 * Nest transport for the whole bus over one NATS connection:
 * - `@MessagePattern(p)` handlers answer request-reply on `<ns>.rpc.<p>` in a queue group;
 * - `@EventPattern(type)` handlers consume a durable JetStream consumer, inside a transaction
 *   that also records the event id in the inbox, and ack only after commit.
 * It refuses to start when a subscribed event has no handler or two, or a handler has no subscription.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  override transportId = BUS_TRANSPORT;
  private readonly consumerLoops: ConsumerMessages[] = [];
  private readonly operational = new Map<string, OperationalHandler>();
  private readonly parked: ParkedEvents;
  private readonly rpc: RpcServer;

  constructor(
    private readonly options: MessagingOptions,
    private readonly nats: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly log: Logger,
  ) {
    super();
    this.parked = new ParkedEvents(dataSource, options.schema);
    this.rpc = new RpcServer(nats, options.config.NATS_NAMESPACE, options.service, log);
    this.addOperationalHandler(OperationalVerb.ListParkedEvents, () => this.parked.list());
    this.addOperationalHandler(OperationalVerb.ReplayParkedEvent, (payload) =>
      this.replay(replayParkedEventRequest.parse(payload).id),
    );
  }

  /** Registers a service-level RPC (health, parked events) under `<service>.<verb>`. */
  addOperationalHandler(verb: string, handler: OperationalHandler): void {
    this.operational.set(`${this.options.service}.${verb}`, handler);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.assertHandlersMatchSubscriptions();
      this.bindRequestReply();
      await this.bindConsumers();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.rpc.close();
    for (const loop of this.consumerLoops) await loop.close();
  }

  on(): void {
    // Connection status is reported by the NATS connection provider.
  }

  unwrap<T>(): T {
    return this.nats as T;
  }

  private assertHandlersMatchSubscriptions(): void {
    const problems: string[] = [];
    const subscribed = new Set(this.options.consumes.map((contract) => contract.type));
    for (const type of subscribed) {
      const handler = this.messageHandlers.get(type);
      if (!handler?.isEventHandler) problems.push(`subscribed event ${type} has no @EventPattern handler`);
      else if (handler.next) problems.push(`subscribed event ${type} has more than one handler`);
    }
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler && !subscribed.has(pattern)) {
        problems.push(`@EventPattern(${pattern}) handles an event the service does not subscribe to`);
      }
    }
    if (problems.length > 0) throw new Error(`${this.options.service} cannot start:\n  - ${problems.join('\n  - ')}`);
  }

  // ---- request-reply -------------------------------------------------------------------------

  private bindRequestReply(): void {
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) continue;
      this.rpc.bind(pattern, async (payload, headers, subject) => {
        const context = new BusRpcContext([subject, headers]);
        return lastValueFrom(this.transformToObservable(await handler(payload, context)), { defaultValue: null });
      });
    }
    for (const [pattern, handler] of this.operational) this.rpc.bind(pattern, handler);
  }

  // ---- events ------------------------------------------------------------------------------

  private async bindConsumers(): Promise<void> {
    if (this.options.consumes.length === 0) return;
    const jsm = await jetstreamManager(this.nats);
    const js = jetstream(this.nats);
    const { NATS_NAMESPACE: ns, EVENT_ACK_WAIT_MS } = this.options.config;
    for (const contract of this.options.consumes) {
      const stream = streamName(ns, producerOf(contract.type));
      const durable = consumerName(this.options.service, contract.type);
      const config = {
        durable_name: durable,
        filter_subject: eventSubject(ns, contract.type),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(EVENT_ACK_WAIT_MS),
        max_ack_pending: 1000,
      };
      const exists = await jsm.consumers.info(stream, durable).then(
        () => true,
        (error: unknown) => {
          if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return false;
          throw error;
        },
      );
      if (exists) {
        await jsm.consumers.update(stream, durable, {
          ack_wait: config.ack_wait,
          max_ack_pending: config.max_ack_pending,
        });
      } else {
        await jsm.consumers.add(stream, config);
      }
      const consumer = await js.consumers.get(stream, durable);
      await this.startLoop(consumer, contract);
    }
  }

  private async startLoop(consumer: Consumer, contract: EventContract): Promise<void> {
    const messages = await consumer.consume({ max_messages: 64 });
    this.consumerLoops.push(messages);
    void (async () => {
      for await (const msg of messages) {
        await this.deliver(msg, contract).catch((error: unknown) => {
          // Never let one message stop the loop: it stays unacked and is redelivered.
          this.log.error({ type: contract.type, err: errorSummary(error) }, 'event delivery failed unexpectedly');
        });
      }
    })();
  }

  private async deliver(msg: JsMsg, contract: EventContract): Promise<void> {
    const consumer = consumerName(this.options.service, contract.type);
    const deliveries = msg.info.deliveryCount;
    const parsed = parseEvent(msg.data);
    if (!parsed.ok || parsed.envelope.type !== contract.type) {
      const reason = parsed.ok ? `expected ${contract.type}, got ${parsed.envelope.type}` : parsed.reason;
      await this.parked.park({
        consumer,
        data: msg.data,
        reason,
        deliveries,
        eventId: parsed.ok ? parsed.envelope.id : parsed.eventId,
        type: parsed.ok ? parsed.envelope.type : parsed.type,
      });
      this.log.warn({ consumer, subject: msg.subject, reason }, 'invalid event parked');
      msg.ack();
      return;
    }
    const envelope = parsed.envelope;
    try {
      await this.handle(consumer, contract, envelope);
      failpoint('consumer.before-ack', contract.type);
      msg.ack();
    } catch (error) {
      if (deliveries >= this.options.config.EVENT_MAX_DELIVER) {
        await this.parked.park({
          consumer,
          data: msg.data,
          reason: `handler failed: ${errorSummary(error)}`,
          deliveries,
          eventId: envelope.id,
          type: envelope.type,
        });
        this.log.error(
          { consumer, eventId: envelope.id, deliveries, err: errorSummary(error) },
          'event parked after repeated failures',
        );
        msg.ack();
      } else {
        const delayMs = Math.min(60_000, 500 * 2 ** (deliveries - 1));
        this.log.warn(
          { consumer, eventId: envelope.id, deliveries, delayMs, err: errorSummary(error) },
          'event handler failed; will retry',
        );
        msg.nak(delayMs);
      }
    }
  }

  /** Runs the handler and records the event in the inbox in one transaction; a repeat is a no-op. */
  private async handle(consumer: string, contract: EventContract, envelope: EventEnvelope): Promise<void> {
    const handler = this.messageHandlers.get(contract.type)!;
    await runInContext({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
      this.dataSource.transaction(async (manager) => {
        const fresh: unknown[] = await manager.query(
          `INSERT INTO "${this.options.schema}".inbox (event_id, consumer) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [envelope.id, consumer],
        );
        if (fresh.length === 0) return;
        const context = new BusEventContext([envelope, manager]);
        await lastValueFrom(this.transformToObservable(await handler(envelope.payload, context)), {
          defaultValue: undefined,
        });
      }),
    );
  }

  private async replay(id: string): Promise<{ replayed: true }> {
    const row = await this.parked.get(id);
    const contract = this.options.consumes.find((c) => consumerName(this.options.service, c.type) === row.consumer);
    const parsed = parseEvent(row.data);
    if (!contract || !parsed.ok || parsed.envelope.type !== contract.type) {
      const reason = parsed.ok ? 'no handler subscribes to it' : parsed.reason;
      throw new AppError(422, 'unprocessable', `parked event ${id} cannot be replayed: ${reason}`);
    }
    await this.handle(row.consumer, contract, parsed.envelope);
    await this.parked.markReplayed(id);
    return { replayed: true };
  }
}
