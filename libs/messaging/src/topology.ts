import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  consumerName,
  eventSubject,
  producerOf,
  streamName,
  type EventContract,
  type ServiceName,
} from '#libs/contracts';
import type { MessagingOptions } from './messaging-options.js';
import { ensureStreams } from './streams.js';

/** Unacked deliveries one consumer may have out at once: the most a batch can hold. */
export const MAX_ACK_PENDING = 1000;

/**
 * The streams and durable consumers a service needs on the broker. Created at boot, and again at
 * run time whenever the broker is found without them (a NATS server restarted without its data),
 * so publishing and consuming resume without restarting the service. Every call is idempotent.
 */
export class BrokerTopology {
  private jsm?: JetStreamManager;

  constructor(
    private readonly nats: NatsConnection,
    private readonly options: MessagingOptions,
  ) {}

  /** The service's own stream and the streams of the services it consumes from. */
  get streams(): string[] {
    return this.producers().map((producer) => streamName(this.options.config.NATS_NAMESPACE, producer));
  }

  async ensureStreams(): Promise<void> {
    const { NATS_NAMESPACE, EVENT_DUPLICATE_WINDOW_MS } = this.options.config;
    await ensureStreams(this.nats, NATS_NAMESPACE, this.producers(), EVENT_DUPLICATE_WINDOW_MS, this.options.service);
  }

  /** Creates the durable consumer of one event type (and its stream), or updates its settings. */
  async ensureConsumer(contract: EventContract): Promise<{ stream: string; durable: string }> {
    const { NATS_NAMESPACE: ns, EVENT_ACK_WAIT_MS, EVENT_DUPLICATE_WINDOW_MS } = this.options.config;
    const producer = producerOf(contract.type);
    await ensureStreams(this.nats, ns, [producer], EVENT_DUPLICATE_WINDOW_MS, this.options.service);
    const stream = streamName(ns, producer);
    const durable = consumerName(this.options.service, contract.type);
    const jsm = await this.manager();
    const settings = { ack_wait: nanos(EVENT_ACK_WAIT_MS), max_ack_pending: MAX_ACK_PENDING };
    if (await this.exists(() => jsm.consumers.info(stream, durable), JetStreamApiCodes.ConsumerNotFound)) {
      await jsm.consumers.update(stream, durable, settings);
    } else {
      await jsm.consumers
        .add(stream, {
          durable_name: durable,
          filter_subject: eventSubject(ns, contract.type),
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ...settings,
        })
        // Another process of the service created it in the meantime: fine, as long as it exists now.
        .catch(async (error: unknown) => {
          await jsm.consumers.info(stream, durable).catch(() => {
            throw error;
          });
        });
    }
    return { stream, durable };
  }

  /** Streams the service needs that the broker does not have; empty when all is well. */
  async missingStreams(): Promise<string[]> {
    const jsm = await this.manager();
    const missing: string[] = [];
    for (const stream of this.streams) {
      if (!(await this.exists(() => jsm.streams.info(stream), JetStreamApiCodes.StreamNotFound))) missing.push(stream);
    }
    return missing;
  }

  private producers(): ServiceName[] {
    return [...new Set([this.options.service, ...this.options.consumes.map((c) => producerOf(c.type))])];
  }

  private async manager(): Promise<JetStreamManager> {
    this.jsm ??= await jetstreamManager(this.nats);
    return this.jsm;
  }

  private async exists(info: () => Promise<unknown>, notFound: number): Promise<boolean> {
    try {
      await info();
      return true;
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === notFound) return false;
      throw error;
    }
  }
}
