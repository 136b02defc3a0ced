import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventContract } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import type { Logger } from '#libs/observability';
import type { EventDelivery } from './event-delivery.js';
import { GatheringQueue } from './gathering-queue.js';
import { MAX_ACK_PENDING, type BrokerTopology } from './topology.js';

/** Deliveries handled in one transaction at most. */
const BATCH = 256;
/** Notifications meaning the broker no longer has our consumer or its stream. */
const LOST = new Set(['consumer_not_found', 'stream_not_found', 'consumer_deleted']);

/**
 * One durable pull consumer of one event type. Messages are queued as they arrive and handed to
 * delivery in batches: one at a time when traffic is light, up to {@link BATCH} under load, so the
 * cost of a transaction is shared by everything that arrived while the last one ran; a handler
 * nobody waits on may gather a little longer (`gatherMs`). If the broker loses the consumer or its
 * stream, they are recreated and consumption starts again.
 */
export class EventConsumer {
  private readonly queue: GatheringQueue<JsMsg>;
  private messages?: ConsumerMessages;
  private restarting = false;
  private stopped = false;

  constructor(
    private readonly nats: NatsConnection,
    private readonly topology: BrokerTopology,
    private readonly contract: EventContract,
    delivery: EventDelivery,
    private readonly log: Logger,
    gatherMs = 0,
  ) {
    this.queue = new GatheringQueue(
      (batch) =>
        delivery.deliver(batch).catch((error: unknown) => {
          // Never let one batch stop the consumer: what was not acked is delivered again.
          this.log.error({ type: contract.type, err: errorSummary(error) }, 'event delivery failed unexpectedly');
        }),
      { maxBatch: BATCH, gatherMs },
    );
  }

  async start(): Promise<void> {
    const { stream, durable } = await this.topology.ensureConsumer(this.contract);
    const consumer = await jetstream(this.nats).consumers.get(stream, durable);
    const messages = await consumer.consume({
      max_messages: Math.min(512, MAX_ACK_PENDING),
      callback: (msg) => this.queue.push(msg),
    });
    this.messages = messages;
    void this.watch(messages);
  }

  /** Recreates the consumer (and its stream) and consumes again; retried until it works or we stop. */
  restart(): void {
    if (this.stopped || this.restarting) return;
    this.restarting = true;
    void (async () => {
      while (!this.stopped) {
        await this.messages?.close().catch(() => undefined);
        try {
          await this.start();
          this.log.info({ type: this.contract.type }, 'event consumer bound again');
          break;
        } catch (error) {
          this.log.warn({ type: this.contract.type, err: errorSummary(error) }, 'event consumer not bound; will retry');
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
      this.restarting = false;
    })();
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
    await this.queue.close();
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (!LOST.has(status.type) || messages !== this.messages) continue;
      this.log.warn({ type: this.contract.type, status: status.type }, 'the broker lost a consumer; recreating it');
      this.restart();
      return;
    }
  }
}
