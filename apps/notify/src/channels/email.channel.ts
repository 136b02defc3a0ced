import { Inject, Injectable } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { APP_CONFIG } from '#libs/config';
import type { NotifyConfig } from '../config.js';
import { type Address, type ChannelPort, DeliveryError, type OutgoingMessage } from './channel-port.js';

/**
 * Email over SMTP (SMTP_URL). The Message-ID is the delivery's, so a mail system that drops
 * duplicate ids sees one message. A 5xx answer (mailbox refused) is final, 4xx and lost
 * connections are retried.
 */
@Injectable()
export class EmailChannel implements ChannelPort {
  private transport?: Promise<Transporter>;

  constructor(@Inject(APP_CONFIG) private readonly config: NotifyConfig) {}

  /** nodemailer loads with the first mail, not at boot (about 15 MB), and only where SMTP is configured. */
  private transportFor(smtpUrl: string): Promise<Transporter> {
    this.transport ??= import('nodemailer').then(({ default: nodemailer }) => {
      const timeout = this.config.DELIVERY_TIMEOUT_MS;
      const url = new URL(smtpUrl);
      const secure = url.protocol === 'smtps:';
      return nodemailer.createTransport({
        host: url.hostname,
        port: url.port ? Number(url.port) : secure ? 465 : 587,
        secure,
        auth: url.username
          ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
          : undefined,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        // A server without STARTTLS (a local relay, the tests') is spoken to in clear; smtps:// is always TLS.
        ignoreTLS: url.searchParams.get('tls') === 'off',
      });
    });
    return this.transport;
  }

  async send(message: OutgoingMessage, address: Address): Promise<void> {
    if (address.channel !== 'email') throw new DeliveryError('not an email address', true);
    if (!this.config.SMTP_URL) throw new DeliveryError('email is not configured (SMTP_URL)', true);
    const transport = await this.transportFor(this.config.SMTP_URL);
    try {
      await transport.sendMail({
        from: this.config.SMTP_FROM,
        to: address.email,
        subject: message.title,
        text: message.body,
        messageId: `<${message.deliveryId}@campus-whistle>`,
        headers: { 'X-CW-Delivery': message.deliveryId, 'X-CW-Kind': message.kind },
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (typeof code === 'number') throw new DeliveryError(`SMTP ${code}`, code >= 500);
      const reason = (error as { code?: string }).code;
      throw new DeliveryError(`SMTP ${reason ?? 'connection failed'}`, false);
    }
  }
}
