import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** JetStream drops a second message with the same id within the stream's duplicate window. */
const MSG_ID_HEADER = 'Nats-Msg-Id';

export interface JetStreamMessage {
  subject: string;
  data: string;
  /** Becomes Nats-Msg-Id. */
  id: string;
}

/** Why one message of a batch was not stored; null where it was (or was a duplicate). */
export type PublishFailure = string | null;

interface PendingBatch {
  /** undefined until the stream answers. */
  failures: Array<PublishFailure | undefined>;
  waiting: number;
  timer: NodeJS.Timeout;
  done: (failures: PublishFailure[]) => void;
}

/**
 * Publishes a batch of messages to JetStream, all in flight together, and resolves when the
 * stream has answered each (or the timeout ran out). Acks come back on one inbox subscription
 * (`<inbox>.<batch>.<index>`) with one timer per batch: @nats-io/jetstream's `publish()` is a
 * request per message that builds an error object with its stack for every ack, a promise race
 * and a timer, the largest single cost of the relay in profiles of the bus and deadline benches.
 */
export class JetStreamPublisher {
  private readonly batches = new Map<number, PendingBatch>();
  private inbox?: string;
  private replies?: Subscription;
  private sequence = 0;
  private readonly noAnswer: string;

  constructor(
    private readonly nats: NatsConnection,
    private readonly inboxPrefix: string,
    private readonly timeoutMs = 5000,
  ) {
    this.noAnswer = `the stream did not answer within ${timeoutMs} ms`;
  }

  publishAll(messages: readonly JetStreamMessage[]): Promise<PublishFailure[]> {
    if (messages.length === 0) return Promise.resolve([]);
    const inbox = this.replyInbox();
    const batch = (this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER);
    return new Promise((resolve) => {
      const pending: PendingBatch = {
        failures: new Array<PublishFailure | undefined>(messages.length).fill(undefined),
        waiting: messages.length,
        done: resolve,
        timer: setTimeout(() => this.finish(batch), this.timeoutMs),
      };
      this.batches.set(batch, pending);
      messages.forEach((message, index) => {
        const header = headers();
        header.set(MSG_ID_HEADER, message.id);
        try {
          this.nats.publish(message.subject, message.data, { reply: `${inbox}.${batch}.${index}`, headers: header });
        } catch (error) {
          this.answer(pending, batch, index, error instanceof Error ? error.message : String(error));
        }
      });
    });
  }

  close(): void {
    this.replies?.unsubscribe();
    for (const batch of [...this.batches.keys()]) this.finish(batch);
  }

  private replyInbox(): string {
    if (!this.inbox) {
      const inbox = createInbox(this.inboxPrefix);
      this.replies = this.nats.subscribe(`${inbox}.*.*`, {
        callback: (error, msg) => {
          if (error) return;
          const [batch, index] = msg.subject
            .slice(inbox.length + 1)
            .split('.')
            .map(Number);
          const pending = this.batches.get(batch);
          if (pending) this.answer(pending, batch, index, failureOf(msg));
        },
      });
      this.inbox = inbox;
    }
    return this.inbox;
  }

  private answer(pending: PendingBatch, batch: number, index: number, failure: PublishFailure): void {
    if (pending.failures[index] !== undefined) return; // a second answer
    pending.failures[index] = failure;
    if (--pending.waiting === 0) this.finish(batch);
  }

  private finish(batch: number): void {
    const pending = this.batches.get(batch);
    if (!pending) return;
    this.batches.delete(batch);
    clearTimeout(pending.timer);
    pending.done(pending.failures.map((failure) => (failure === undefined ? this.noAnswer : failure)));
  }
}

/** A stream's answer: `{"stream":…,"seq":…}` when stored, `{"error":{…}}` when refused, a 503 status when no stream listens. */
function failureOf(msg: Msg): PublishFailure {
  if (msg.data.length === 0) {
    return msg.headers?.code === 503 ? 'no stream takes this subject' : `empty answer (${msg.headers?.code ?? '?'})`;
  }
  try {
    const ack = msg.json<{ seq?: number; error?: { description?: string; code?: number } }>();
    if (ack.error) return `the stream refused it: ${ack.error.description ?? ack.error.code ?? 'unknown error'}`;
    return typeof ack.seq === 'number' ? null : 'the stream answered without a sequence';
  } catch {
    return 'the stream gave an answer that could not be read';
  }
}
