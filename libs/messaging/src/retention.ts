import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options.js';
import { STREAM_RETENTION_DAYS } from './streams.js';

/** Published outbox rows are kept a week, for looking into what was sent. */
const OUTBOX_KEEP_DAYS = 7;
/** An inbox row guards against a second delivery; once the stream has dropped the event, none can come. */
const INBOX_KEEP_DAYS = STREAM_RETENTION_DAYS + 1;
const BATCH = 5000;

/**
 * Keeps the outbox and inbox from growing without end. Deletes in small batches so a large
 * backlog never holds long locks; unpublished outbox rows and parked events are never touched.
 */
@Injectable()
export class MessagingRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private pruning = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), this.options.config.MESSAGING_PRUNE_INTERVAL_MS);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  async prune(): Promise<void> {
    // A slow run (a large backlog) is not joined by the next tick.
    if (this.pruning) return;
    this.pruning = true;
    const schema = `"${this.options.schema}"`;
    try {
      const outbox = await this.deleteInBatches(
        `${schema}.outbox`,
        `published_at < now() - make_interval(days => ${OUTBOX_KEEP_DAYS})`,
      );
      const inbox = await this.deleteInBatches(
        `${schema}.inbox`,
        `handled_at < now() - make_interval(days => ${INBOX_KEEP_DAYS})`,
      );
      if (outbox + inbox > 0) this.logger.info({ outbox, inbox }, 'pruned old outbox and inbox rows');
    } catch (error) {
      this.logger.warn({ err: errorSummary(error) }, 'outbox/inbox pruning failed; will retry');
    } finally {
      this.pruning = false;
    }
  }

  private async deleteInBatches(table: string, condition: string): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      // TypeORM answers a DELETE with [rows, affected count].
      const [, deleted] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${BATCH})`,
      );
      total += deleted;
      if (deleted < BATCH) break;
    }
    return total;
  }
}
