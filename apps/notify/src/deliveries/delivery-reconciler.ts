import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { NotifyConfig } from '../config.js';
import { countDeliveries } from './delivery-metrics.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DELIVERIES_CHANNEL } from './plan-deliveries.js';
import { Realerts } from './realerts.js';
import { SendDeliveryUseCase } from './send-delivery.use-case.js';

const PAGE = 1000;

/**
 * Channels where the receiver drops a repeat of the same idempotency key (the SMS gateway and
 * generic webhooks): an attempt interrupted by a crash is tried again with the same key. Email and
 * the DingTalk/WeCom robots cannot drop a repeat, so an interrupted attempt there is given up
 * ("interrupted") rather than risk a second message; re-alerting covers escalations and alerts.
 */
const REPEAT_SAFE = `(channel = 'sms' OR (channel = 'webhook' AND EXISTS (
  SELECT 1 FROM notify.unit_webhooks w WHERE w.unit_id = d.recipient_id AND w.kind = 'generic')))`;

/**
 * Postgres owns deliveries; Redis only wakes the sender. Woken by LISTEN/NOTIFY when deliveries
 * are committed, and every DELIVERY_RECONCILE_INTERVAL_MS: releases held deliveries whose quiet
 * hours ended, settles attempts whose process died (lease run out), makes due re-alerts, and
 * enqueues queued deliveries not enqueued for their attempt yet — and, on the periodic pass, every
 * queued delivery overdue by an interval (a job Redis lost). The job id names the attempt, so
 * enqueueing twice adds one job, and the claim in Postgres makes a second job a no-op anyway.
 */
@Injectable()
export class DeliveryReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private listener?: pg.Client;
  private running?: Promise<void>;
  private again: 'wake' | 'full' | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
    private readonly send: SendDeliveryUseCase,
    private readonly realerts: Realerts,
    @Inject(APP_CONFIG) private readonly config: NotifyConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue.start((deliveryId) => this.send.execute(deliveryId));
    await this.listen().catch(() => this.relisten());
    this.tick('full');
    this.timer = setInterval(() => this.tick('full'), this.config.DELIVERY_RECONCILE_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    await this.running;
  }

  tick(mode: 'wake' | 'full'): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = this.again === 'full' || mode === 'full' ? 'full' : 'wake';
      return;
    }
    this.running = this.reconcile(mode)
      .catch((error: unknown) =>
        this.logger.warn({ err: errorSummary(error) }, 'delivery reconciliation failed; will retry'),
      )
      .finally(() => {
        this.running = undefined;
        const again = this.again;
        this.again = undefined;
        if (again) this.tick(again);
      });
  }

  private async reconcile(mode: 'wake' | 'full'): Promise<void> {
    await this.dataSource.query(
      `UPDATE notify.deliveries SET status = 'queued', hold_until = NULL, next_attempt_at = now(), updated_at = now()
        WHERE status = 'held' AND hold_until <= now()`,
    );
    await this.settleInterrupted();
    await this.realerts.sweep();
    await this.enqueuePending(mode === 'full');
  }

  /** Attempts whose lease ran out: their process died mid-send (or before it). */
  private async settleInterrupted(): Promise<void> {
    const [retried] = await this.dataSource.query<[Array<{ channel: string; status: string }>, number]>(
      `UPDATE notify.deliveries d
          SET status = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'queued' END,
              last_error = 'interrupted mid-send: tried again with the same idempotency key',
              lease_until = NULL, next_attempt_at = now(), enqueued_attempt = NULL, updated_at = now()
        WHERE status = 'sending' AND lease_until < now() AND ${REPEAT_SAFE} RETURNING id, channel, status`,
      [this.config.DELIVERY_MAX_ATTEMPTS],
    );
    const [given] = await this.dataSource.query<[Array<{ channel: string }>, number]>(
      `UPDATE notify.deliveries d
          SET status = 'failed', lease_until = NULL, updated_at = now(),
              last_error = 'interrupted mid-send: not tried again, the receiver cannot drop a repeat'
        WHERE status = 'sending' AND lease_until < now() AND NOT ${REPEAT_SAFE} RETURNING id, channel`,
    );
    countDeliveries(
      retried.filter((row) => row.status === 'queued'),
      'retried',
    );
    countDeliveries([...retried.filter((row) => row.status === 'failed'), ...given], 'failed');
    if (retried.length + given.length > 0) {
      this.logger.warn({ retried: retried.length, givenUp: given.length }, 'interrupted deliveries settled');
    }
  }

  private async enqueuePending(all: boolean): Promise<void> {
    for (;;) {
      const rows = await this.dataSource.query<Array<{ id: string; attempts: number; delay_ms: number }>>(
        `SELECT id, attempts, (extract(epoch FROM next_attempt_at - now()) * 1000)::float8 AS delay_ms
           FROM notify.deliveries
          WHERE status = 'queued'
            AND (enqueued_attempt IS DISTINCT FROM attempts
                 OR ($2 AND next_attempt_at < now() - $3 * interval '1 millisecond'))
          ORDER BY next_attempt_at LIMIT $1`,
        [PAGE, all, this.config.DELIVERY_RECONCILE_INTERVAL_MS],
      );
      if (rows.length === 0) return;
      await this.queue.enqueue(
        rows.map((row) => ({ deliveryId: row.id, attempts: row.attempts, delayMs: row.delay_ms })),
      );
      await this.dataSource.query(
        `UPDATE notify.deliveries d SET enqueued_attempt = e.attempts
           FROM unnest($1::uuid[], $2::int[]) AS e(id, attempts)
          WHERE d.id = e.id AND d.attempts = e.attempts AND d.status = 'queued'`,
        [rows.map((row) => row.id), rows.map((row) => row.attempts)],
      );
      // An overdue page stays overdue after enqueueing: one page per periodic pass is enough.
      if (rows.length < PAGE || all) return;
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', () => this.tick('wake'));
    client.on('error', () => {
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      this.relisten();
    });
    await client.connect();
    await client.query(`LISTEN ${DELIVERIES_CHANNEL}`);
    this.listener = client;
  }

  private relisten(): void {
    if (this.stopped) return;
    setTimeout(() => void this.listen().catch(() => this.relisten()), 1000).unref();
  }
}
