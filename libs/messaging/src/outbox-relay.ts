import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { eventSubject, inboxPrefix } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger, metrics } from '#libs/observability';
import { resultsOf, withPooledConnection } from '#libs/persistence';
import { failpoint } from './failpoint.js';
import { JetStreamPublisher } from './jetstream-publisher.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging-options.js';
import { outboxChannel } from './messaging-tables.js';
import { BrokerTopology } from './topology.js';

const BATCH_SIZE = 500;
const MAX_BACKOFF_SECONDS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids for an array literal written into SQL: each must be a uuid, so nothing else can get in. */
function uuidList(rows: readonly OutboxRow[]): string {
  return rows
    .map(({ id }) => {
      if (!UUID.test(id)) throw new Error('an outbox id is not a uuid');
      return id;
    })
    .join(',');
}

interface OutboxRow {
  id: string;
  type: string;
  /** The envelope as stored, sent as is: no parse and re-serialise on the way out. */
  envelope: string;
}

/**
 * Publishes committed outbox rows to JetStream with Nats-Msg-Id = event id, so a row published
 * twice (a crash between publish and mark) is dropped by the broker's duplicate window.
 * Woken by LISTEN/NOTIFY on commit, with a polling fallback. A batch is claimed with
 * FOR UPDATE SKIP LOCKED (several replicas never publish the same row at once), published
 * pipelined — every message in flight together, one round trip for the batch — and marked in one
 * statement. The claim is a transaction held for that one round trip: a relay that dies releases it
 * at once, where a lease would hide its rows until it ran out.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly publisher: JetStreamPublisher;
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
    private readonly topology: BrokerTopology,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.publisher = new JetStreamPublisher(nats, inboxPrefix(options.config.NATS_NAMESPACE, options.service));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.timers.push(setInterval(() => this.wake(), this.options.config.OUTBOX_POLL_INTERVAL_MS));
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await this.listener?.end().catch(() => undefined);
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 20));
    this.publisher.close();
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
      if (failed > 0) await this.recreateStreamIfLost();
      if (claimed < BATCH_SIZE || failed > 0) return;
    }
  }

  /**
   * One pass: two round trips to Postgres when the batch publishes (claim; mark and commit), each
   * several statements in one simple-protocol string. Nothing in those strings comes from outside:
   * the schema is ours, the ids were read from our own table (and are checked to be uuids).
   */
  private publishBatch(): Promise<{ claimed: number; failed: number }> {
    const schema = this.options.schema;
    const namespace = this.options.config.NATS_NAMESPACE;
    return withPooledConnection(this.dataSource, async (client) => {
      // Under a burst the planner's statistics still say "few unpublished rows" and it would sort
      // every pending row (envelopes and all, spilling to disk) to return the oldest 500; walking
      // the pending index in order is right whatever the statistics say.
      const [, , claimed] = resultsOf<OutboxRow>(
        await client.query(
          `BEGIN; SET LOCAL enable_sort = off;
           SELECT id, type, envelope::text AS envelope FROM "${schema}".outbox
            WHERE published_at IS NULL AND next_attempt_at <= now()
            ORDER BY created_at LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`,
        ),
      );
      const rows = claimed.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
        return { claimed: 0, failed: 0 };
      }
      for (const row of rows) failpoint('outbox.before-publish', row.type);
      const failures = await this.publisher.publishAll(
        rows.map((row) => ({ subject: eventSubject(namespace, row.type), data: row.envelope, id: row.id })),
      );
      const published = rows.filter((_, index) => failures[index] === null);
      for (const row of published) failpoint('outbox.after-publish', row.type);
      published.forEach((row) => metrics.eventPublished(row.type));
      const failed = rows.filter((_, index) => failures[index] !== null).map((row) => row.id);
      if (failed.length > 0) {
        const error = failures.find((failure) => failure !== null) ?? 'unknown';
        await client.query(
          `UPDATE "${schema}".outbox SET attempts = attempts + 1, last_error = $2,
             next_attempt_at = now() + make_interval(secs => least($3, power(2, attempts)))
           WHERE id = ANY($1::uuid[])`,
          [failed, error, MAX_BACKOFF_SECONDS],
        );
        this.logger.warn({ failed: failed.length, err: error }, 'publish failed; will retry');
      }
      await client.query(
        published.length > 0
          ? `UPDATE "${schema}".outbox SET published_at = now() WHERE id = ANY('{${uuidList(published)}}'::uuid[]); COMMIT`
          : 'COMMIT',
      );
      return { claimed: rows.length, failed: failed.length };
    });
  }

  /** A broker restarted without its data has no stream to take our events: make it again. */
  private async recreateStreamIfLost(): Promise<void> {
    try {
      if ((await this.topology.missingStreams()).length > 0) {
        await this.topology.ensureStreams();
        this.logger.warn('the broker had lost our streams; recreated them');
      }
    } catch {
      // The broker is away: the next attempt checks again.
    }
  }
}
