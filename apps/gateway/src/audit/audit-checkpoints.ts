import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION } from '#libs/messaging';
import { LOGGER, type Logger } from '#libs/observability';
import { AuditLog } from './audit-log.js';
import type { Checkpoint } from './audit-chain.js';
import { auditStreamConfig, checkpointSubject, type CheckpointMessage } from './checkpoint-stream.js';

export const AUDIT_CHECKPOINT_INTERVAL = Symbol('AUDIT_CHECKPOINT_INTERVAL');
const CHAIN = 'gateway';

/**
 * Publishes the audit chain's head to the checkpoint stream every AUDIT_CHECKPOINT_INTERVAL_MS when it
 * moved, and once more at shutdown. Several gateway processes may publish the same head: the
 * message id makes the broker keep it once.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private published = 0;
  private running?: Promise<void>;
  private streamReady?: Promise<void>;

  constructor(
    private readonly log: AuditLog,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(AUDIT_CHECKPOINT_INTERVAL) private readonly intervalMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.tick();
  }

  /** Publishes the head if it moved since the last checkpoint this process published. */
  async publish(): Promise<Checkpoint | undefined> {
    const head = await this.log.head();
    if (head.seq <= this.published) return undefined;
    // Made here rather than at boot: a broker that is down at start-up must not keep the gateway down.
    this.streamReady ??= this.ensureStream().catch((error: unknown) => {
      this.streamReady = undefined;
      throw error;
    });
    await this.streamReady;
    const message: CheckpointMessage = { chain: CHAIN, seq: head.seq, hash: head.hash, at: new Date().toISOString() };
    await jetstream(this.nats).publish(
      checkpointSubject(this.options.config.NATS_NAMESPACE, CHAIN),
      JSON.stringify(message),
      { msgID: `${CHAIN}-${head.seq}` },
    );
    this.published = head.seq;
    return head;
  }

  private async ensureStream(): Promise<void> {
    const jsm = await jetstreamManager(this.nats);
    const config = auditStreamConfig(this.options.config.NATS_NAMESPACE);
    await jsm.streams.info(config.name).catch(() => jsm.streams.add(config));
  }

  private tick(): Promise<void> {
    this.running = this.publish()
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'audit checkpoint not published'));
    return this.running;
  }
}
