import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { eventSubject } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { failpoint } from './failpoint.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging-options.js';
import { outboxChannel } from './messaging-tables.js';

const BATCH_SIZE = 100;
const MAX_BACKOFF_SECONDS = 60;

interface OutboxRow {
  id: string;
  type: string;
  envelope: unknown;
  attempts: number;
}

/**
 * Publishes committed outbox rows to JetStream with Nats-Msg-Id = event id, so a row published
 * twice (a crash between publish and mark) is dropped by the broker's duplicate window.
 * Woken by LISTEN/NOTIFY on commit, with a polling fallback; rows are claimed with
 * FOR UPDATE SKIP LOCKED so several replicas never publish the same row at the same time.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private js: JetStreamClient;
  private listener?: pg.Client;
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private again = false;
  private stopped = false;
  private relistening = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) nats: NatsConnection,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.js = jetstream(nats);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.timers.push(setInterval(() => this.wake(), this.options.config.OUTBOX_POLL_INTERVAL_MS));
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await this.listener?.end().catch(() => undefined);
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Drains the outbox; a wake-up during a drain schedules one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((error: unknown) => this.logger.warn({ err: errorSummary(error) }, 'outbox drain failed; will retry'))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.config.DATABASE_URL });
    client.on('notification', () => this.wake());
    // A lost LISTEN connection only slows the relay down to the polling interval; reconnect quietly.
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      this.relisten();
    });
    await client.connect();
    await client.query(`LISTEN "${outboxChannel(this.options.schema)}"`);
    this.listener = client;
  }

  private relisten(): void {
    if (this.stopped || this.relistening) return;
    this.relistening = true;
    setTimeout(() => {
      this.relistening = false;
      void this.listen().catch(() => this.relisten());
    }, 1000).unref();
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const { claimed, failed } = await this.publishBatch();
      if (claimed < BATCH_SIZE || failed > 0) return;
    }
  }

  private async publishBatch(): Promise<{ claimed: number; failed: number }> {
    const schema = this.options.schema;
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, type, envelope, attempts FROM "${schema}".outbox
          WHERE published_at IS NULL AND next_attempt_at <= now()
          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      const published: string[] = [];
      let failed = 0;
      for (const row of rows) {
        try {
          failpoint('outbox.before-publish', row.type);
          await this.js.publish(
            eventSubject(this.options.config.NATS_NAMESPACE, row.type),
            JSON.stringify(row.envelope),
            {
              msgID: row.id,
            },
          );
          failpoint('outbox.after-publish', row.type);
          published.push(row.id);
        } catch (error) {
          failed += 1;
          const delay = Math.min(MAX_BACKOFF_SECONDS, 2 ** row.attempts);
          await manager.query(
            `UPDATE "${schema}".outbox SET attempts = attempts + 1, last_error = $2,
               next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
            [row.id, errorSummary(error), delay],
          );
          this.logger.warn({ eventId: row.id, type: row.type, err: errorSummary(error) }, 'publish failed; will retry');
          break; // the broker is probably away: keep order and stop this batch
        }
      }
      if (published.length > 0) {
        await manager.query(`UPDATE "${schema}".outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [
          published,
        ]);
      }
      return { claimed: rows.length, failed };
    });
  }
}
