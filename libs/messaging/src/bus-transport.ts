import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { consumerName, OperationalVerb, replayParkedEventRequest, republishOutboxRequest } from '#libs/contracts';
import type { Logger } from '#libs/observability';
import { BusEventBatchContext, BusEventContext, BusRpcContext } from './bus-context.js';
import { bootProblems } from './boot-checks.js';
import { EventConsumer } from './event-consumer.js';
import { EventDelivery, sqlInboxClaim } from './event-delivery.js';
import type { MessagingOptions } from './messaging-options.js';
import { republishSince } from './outbox-republish.js';
import { ParkedEvents } from './parked-events.js';
import { replayParkedEvent } from './replay.js';
import { boundRoutePatterns } from './route-bindings.js';
import { type RpcHandler, RpcServer } from './rpc-server.js';
import type { BrokerTopology } from './topology.js';

export const BUS_TRANSPORT = Symbol('BUS_TRANSPORT');

/**
 * Nest transport for the whole bus over one NATS connection:
 * - `@MessagePattern(p)` handlers answer request-reply (see {@link RpcServer});
 * - `@EventPattern(type)` handlers consume a durable JetStream consumer in batches (see
 *   {@link EventConsumer} and {@link EventDelivery}): inbox and handler in one transaction, ack after commit;
 * - operational verbs: health (added at boot), parked events, republishing the outbox.
 * It refuses to start on the problems {@link bootProblems} names.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  override transportId = BUS_TRANSPORT;
  private readonly operational = new Map<string, RpcHandler>();
  private readonly parked: ParkedEvents;
  private readonly rpc: RpcServer;
  private readonly consumers: EventConsumer[] = [];
  private readonly deliveries = new Map<string, EventDelivery>();

  constructor(
    private readonly options: MessagingOptions,
    private readonly nats: NatsConnection,
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    private readonly topology: BrokerTopology,
  ) {
    super();
    this.parked = new ParkedEvents(dataSource, options.schema);
    this.rpc = new RpcServer(nats, options.config.NATS_NAMESPACE, options.service, log);
    this.addOperationalHandler(OperationalVerb.ListParkedEvents, () => this.parked.list());
    this.addOperationalHandler(OperationalVerb.ReplayParkedEvent, (payload) =>
      replayParkedEvent(
        replayParkedEventRequest.parse(payload).id,
        options.service,
        options.consumes,
        this.deliveries,
        this.parked,
      ),
    );
    this.addOperationalHandler(OperationalVerb.RepublishOutbox, (payload) =>
      republishSince(dataSource, options.schema, new Date(republishOutboxRequest.parse(payload).since)),
    );
  }

  /** Registers a service-level RPC (health, parked events) under `<service>.<verb>`. */
  addOperationalHandler(verb: string, handler: (payload: unknown) => Promise<unknown>): void {
    this.operational.set(`${this.options.service}.${verb}`, (payload) => handler(payload));
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const handlers = [...this.messageHandlers].map(([pattern, handler]) => ({
        pattern,
        isEvent: handler.isEventHandler === true,
        count: handler.next ? 2 : 1,
      }));
      const problems = bootProblems(this.options.service, this.options.consumes, handlers, boundRoutePatterns());
      if (problems.length > 0) throw new Error(`${this.options.service} cannot start:\n  - ${problems.join('\n  - ')}`);
      this.bindRequestReply();
      await this.bindConsumers();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** After the broker came back (perhaps without its data): recreate every consumer and consume again. */
  rebind(): void {
    for (const consumer of this.consumers) consumer.restart();
  }

  async close(): Promise<void> {
    this.rpc.close();
    await Promise.all(this.consumers.map((consumer) => consumer.close()));
  }

  on(): void {
    // Connection status is reported by the NATS connection provider.
  }

  unwrap<T>(): T {
    return this.nats as T;
  }

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

  private async bindConsumers(): Promise<void> {
    const { config, schema, service } = this.options;
    for (const contract of this.options.consumes) {
      const handler = this.messageHandlers.get(contract.type)!;
      const batch = handler.extras?.batch === true;
      const consumer = consumerName(service, contract.type);
      const delivery = new EventDelivery({
        consumer,
        contract,
        transaction: (work) => this.dataSource.transaction(work),
        claimInbox: sqlInboxClaim(schema),
        batch,
        when: handler.extras?.when as ((payload: unknown) => boolean) | undefined,
        handle: async (envelopes, manager) => {
          const [data, context] = batch
            ? [envelopes.map((e) => e.payload), new BusEventBatchContext([envelopes, manager])]
            : [envelopes[0].payload, new BusEventContext([envelopes[0], manager])];
          await lastValueFrom(this.transformToObservable(await handler(data, context)), { defaultValue: undefined });
        },
        parked: this.parked,
        budget: { maxDeliver: config.EVENT_MAX_DELIVER },
        log: this.log,
        workingIntervalMs: Math.max(500, config.EVENT_ACK_WAIT_MS / 3),
      });
      this.deliveries.set(consumer, delivery);
      const gatherMs = Number(handler.extras?.gatherMs ?? 0);
      const eventConsumer = new EventConsumer(this.nats, this.topology, contract, delivery, this.log, gatherMs);
      await eventConsumer.start();
      this.consumers.push(eventConsumer);
    }
  }
}
