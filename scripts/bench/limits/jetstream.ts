import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventSubject } from '#libs/contracts';
import { JetStreamPublisher, streamConfig } from '#libs/messaging';
import type { Isolation } from '#libs/testing';
import { TEST_NATS_URL } from '#libs/testing';

export interface JetStreamLimits {
  publishAwaited: number;
  /** Through @nats-io/jetstream's publish(): a request per message. */
  publishPipelined: number;
  /** Through the relay's JetStreamPublisher: one inbox subscription, one timer per window. */
  publishBatched: number;
  consumeAck: number;
  consumed: number;
}

const WINDOW = 1000;
const CONSUME_BUFFER = 1000;

/**
 * JetStream on this machine, through the same client library, stream definition (file storage,
 * duplicate window) and message shape (an envelope-sized JSON with a Nats-Msg-Id) as the outbox relay:
 * - publish, awaiting each ack before the next (what a relay publishing one row at a time can reach);
 * - publish pipelined, windows of 1000 in flight, through the library's publish() and through the
 *   relay's own JetStreamPublisher;
 * - consume + ack from a durable pull consumer, every message published above.
 */
export async function jetStreamLimits(isolation: Isolation, seconds: number): Promise<JetStreamLimits> {
  const nats = await connect({ servers: TEST_NATS_URL, name: 'campus-whistle-bench' });
  try {
    const jsm = await jetstreamManager(nats);
    const config = streamConfig(isolation.natsNamespace, 'gateway', 2 * 60 * 60 * 1000);
    await jsm.streams.add(config);
    const js = jetstream(nats);
    const subject = eventSubject(isolation.natsNamespace, 'gateway.user.registered');
    const envelope = (): string =>
      JSON.stringify({
        id: randomUUID(),
        type: 'gateway.user.registered',
        version: 1,
        occurredAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: null,
        actor: { kind: 'system', id: 'gateway' },
        payload: { userId: randomUUID(), orgId: randomUUID(), role: 'school_reporter' },
      });
    const publish = () => js.publish(subject, envelope(), { msgID: randomUUID() });

    let awaited = 0;
    let started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      await publish();
      awaited += 1;
    }
    const publishAwaited = awaited / ((performance.now() - started) / 1000);

    let pipelined = 0;
    started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      await Promise.all(Array.from({ length: WINDOW }, publish));
      pipelined += WINDOW;
    }
    const publishPipelined = pipelined / ((performance.now() - started) / 1000);

    const publisher = new JetStreamPublisher(nats, '_INBOX');
    let batched = 0;
    started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      const failures = await publisher.publishAll(
        Array.from({ length: WINDOW }, () => ({ subject, data: envelope(), id: randomUUID() })),
      );
      if (failures.some((failure) => failure !== null)) throw new Error(`publish failed: ${failures.find(Boolean)}`);
      batched += WINDOW;
    }
    const publishBatched = batched / ((performance.now() - started) / 1000);
    publisher.close();

    const total = awaited + pipelined + batched;
    await jsm.consumers.add(config.name, {
      durable_name: 'bench',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 10_000,
    });
    const messages = await (await js.consumers.get(config.name, 'bench')).consume({ max_messages: CONSUME_BUFFER });
    let consumed = 0;
    started = performance.now();
    for await (const msg of messages) {
      msg.ack();
      consumed += 1;
      if (consumed >= total) break;
    }
    const consumeAck = consumed / ((performance.now() - started) / 1000);
    await messages.close();
    // Acks are fire-and-forget: flush so they all reached the server before the stream is deleted.
    await nats.flush();
    return { publishAwaited, publishPipelined, publishBatched, consumeAck, consumed };
  } finally {
    await nats.close();
  }
}
