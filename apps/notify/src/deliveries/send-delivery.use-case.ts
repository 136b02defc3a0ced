import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import type { DeliveryChannel, Language, NotificationKindName, Role, WebhookKind } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { failpoint } from '#libs/messaging';
import { LOGGER, type Logger, metrics } from '#libs/observability';
import { EmailChannel } from '../channels/email.channel.js';
import { type Address, type ChannelPort, DeliveryError } from '../channels/channel-port.js';
import { SmsChannel } from '../channels/sms.channel.js';
import { WebhookChannel } from '../channels/webhook.channel.js';
import { leaseMs, type NotifyConfig } from '../config.js';
import { render, type TemplateParams } from '../inbox/templates.js';
import { effectivePreferences, type PreferencesRow } from '../preferences/preferences.js';
import { afterAttempt } from './backoff.js';
import { DeliveryQueue } from './delivery-queue.js';

interface Claimed {
  id: string;
  channel: Exclude<DeliveryChannel, 'inbox'>;
  attempts: number;
  kind: NotificationKindName;
  params: TemplateParams;
  case_id: string | null;
  role: Role;
  preferences: PreferencesRow | null;
  webhook_kind: WebhookKind | null;
  webhook_url: string | null;
  webhook_secret: string | null;
}

/** Unit groups read the county's language. */
const GROUP_LANGUAGE: Language = 'zh-CN';

/**
 * One attempt of one delivery. The attempt is claimed in Postgres before anything is sent
 * (status `sending`, attempts + 1, a lease longer than the send's timeout), in its own committed
 * statement: a second job, replica or redelivery for the same delivery finds it claimed and does
 * nothing. The outcome is written only if the claim is still this attempt's. A process killed
 * between claim and outcome leaves the row `sending` until its lease runs out; the reconciler
 * then decides (see DeliveryReconciler). Addresses are read at send time and never logged.
 */
@Injectable()
export class SendDeliveryUseCase {
  private readonly ports: Record<Claimed['channel'], ChannelPort>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: DeliveryQueue,
    email: EmailChannel,
    sms: SmsChannel,
    webhook: WebhookChannel,
    @Inject(APP_CONFIG) private readonly config: NotifyConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.ports = { email, sms, webhook };
  }

  async execute(deliveryId: string): Promise<void> {
    const claimed = await this.claim(deliveryId);
    if (!claimed) return;
    let failure: DeliveryError | null = null;
    try {
      const address = this.addressOf(claimed);
      const language = claimed.channel === 'webhook' ? GROUP_LANGUAGE : this.preferencesOf(claimed).language;
      const { title, body } = render(claimed.kind, claimed.params, language, this.config.COUNTY_TIMEZONE);
      failpoint('delivery.before-send', claimed.channel);
      await this.ports[claimed.channel].send(
        {
          deliveryId,
          kind: claimed.kind,
          title,
          body,
          reference: claimed.params.reference ?? null,
          caseId: claimed.case_id,
        },
        address,
      );
      failpoint('delivery.after-send', claimed.channel);
    } catch (error) {
      failure = error instanceof DeliveryError ? error : new DeliveryError('internal error', false);
      if (!(error instanceof DeliveryError)) {
        this.logger.error({ err: errorSummary(error), deliveryId }, 'delivery attempt failed unexpectedly');
      }
    }
    await this.record(claimed, failure);
  }

  /** Claims the attempt if the delivery is queued and due; re-enqueues a job that came early. */
  private async claim(deliveryId: string): Promise<Claimed | undefined> {
    const [rows] = await this.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE notify.deliveries SET status = 'sending', attempts = attempts + 1, updated_at = now(),
              lease_until = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND status = 'queued' AND next_attempt_at <= now() RETURNING id`,
      [deliveryId, leaseMs(this.config)],
    );
    if (rows.length === 0) {
      const [early] = await this.dataSource.query<Array<{ attempts: number; delay_ms: number }>>(
        `SELECT attempts, (extract(epoch FROM next_attempt_at - now()) * 1000)::float8 AS delay_ms
           FROM notify.deliveries WHERE id = $1 AND status = 'queued'`,
        [deliveryId],
      );
      if (early) {
        await this.queue.enqueue([{ deliveryId, attempts: early.attempts, delayMs: early.delay_ms, early: true }]);
      }
      return undefined;
    }
    const [claimed] = await this.dataSource.query<Claimed[]>(
      `SELECT d.id, d.channel, d.attempts, n.kind, n.params, n.case_id, r.role,
              CASE WHEN p.user_id IS NULL THEN NULL ELSE json_build_object(
                'language', p.language, 'email', p.email, 'phone', p.phone, 'channels', p.channels,
                'quiet_from', p.quiet_from, 'quiet_to', p.quiet_to) END AS preferences,
              w.kind AS webhook_kind, w.url AS webhook_url, w.secret AS webhook_secret
         FROM notify.deliveries d
         JOIN notify.notifications n ON n.id = d.notification_id
         JOIN notify.recipients r ON r.user_id = n.user_id
         LEFT JOIN notify.preferences p ON p.user_id = n.user_id
         LEFT JOIN notify.unit_webhooks w ON d.channel = 'webhook' AND w.unit_id = d.recipient_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return claimed;
  }

  private preferencesOf(claimed: Claimed) {
    return effectivePreferences(claimed.role, claimed.preferences);
  }

  /** Where this attempt goes now: the address may have changed or gone since the delivery was planned. */
  private addressOf(claimed: Claimed): Address {
    if (claimed.channel === 'webhook') {
      if (!claimed.webhook_kind || !claimed.webhook_url)
        throw new DeliveryError('the unit has no webhook any more', true);
      return {
        channel: 'webhook',
        kind: claimed.webhook_kind,
        url: claimed.webhook_url,
        secret: claimed.webhook_secret,
      };
    }
    const preferences = this.preferencesOf(claimed);
    if (claimed.channel === 'email') {
      if (!preferences.email) throw new DeliveryError('the recipient has no email address any more', true);
      return { channel: 'email', email: preferences.email };
    }
    if (!preferences.phone) throw new DeliveryError('the recipient has no phone number any more', true);
    return { channel: 'sms', phone: preferences.phone };
  }

  /** Writes the outcome if the claim is still this attempt's; schedules the next attempt after the back-off. */
  private async record(claimed: Claimed, failure: DeliveryError | null): Promise<void> {
    const outcome = afterAttempt(claimed.attempts, failure, {
      maxAttempts: this.config.DELIVERY_MAX_ATTEMPTS,
      baseMs: this.config.DELIVERY_BACKOFF_MS,
      maxMs: this.config.DELIVERY_BACKOFF_MAX_MS,
    });
    const retryInMs = outcome.status === 'queued' ? outcome.retryInMs : 0;
    const error = outcome.status === 'sent' ? null : outcome.error;
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE notify.deliveries
          SET status = $3, last_error = coalesce($4, last_error), lease_until = NULL, updated_at = now(),
              next_attempt_at = now() + $5 * interval '1 millisecond', enqueued_attempt = NULL
        WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
      [claimed.id, claimed.attempts, outcome.status, error, retryInMs],
    );
    if (rows.length === 0) return; // the lease ran out and the reconciler took the delivery over
    metrics.delivery(claimed.channel, outcome.status === 'queued' ? 'retried' : outcome.status);
    if (outcome.status === 'failed') {
      this.logger.warn({ deliveryId: claimed.id, channel: claimed.channel, error }, 'delivery given up');
    }
    if (outcome.status === 'queued') {
      await this.queue
        .enqueue([{ deliveryId: claimed.id, attempts: claimed.attempts, delayMs: retryInMs }])
        .then(() =>
          this.dataSource.query('UPDATE notify.deliveries SET enqueued_attempt = $2 WHERE id = $1 AND attempts = $2', [
            claimed.id,
            claimed.attempts,
          ]),
        )
        .catch(() => undefined); // the reconciler enqueues it from Postgres
    }
  }
}
