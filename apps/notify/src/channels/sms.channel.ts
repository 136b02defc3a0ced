import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import type { NotifyConfig } from '../config.js';
import { type Address, type ChannelPort, DeliveryError, type OutgoingMessage } from './channel-port.js';
import { postJson } from './http-post.js';
import { bodySignature } from './signing.js';

/**
 * SMS through an HTTP gateway: `POST SMS_GATEWAY_URL` with `{id, to, text}`, signed
 * (`x-cw-timestamp`, `x-cw-signature: sha256=<hex HMAC of "timestamp.body">`) and with
 * `idempotency-key` = the delivery's id, the same on every attempt, so the gateway drops a repeat.
 */
@Injectable()
export class SmsChannel implements ChannelPort {
  constructor(@Inject(APP_CONFIG) private readonly config: NotifyConfig) {}

  async send(message: OutgoingMessage, address: Address): Promise<void> {
    if (address.channel !== 'sms') throw new DeliveryError('not a phone number', true);
    if (!this.config.SMS_GATEWAY_URL) throw new DeliveryError('SMS is not configured (SMS_GATEWAY_URL)', true);
    const body = JSON.stringify({
      id: message.deliveryId,
      to: address.phone,
      text: `${message.title}\n${message.body}`,
    });
    const timestamp = Date.now();
    const headers: Record<string, string> = {
      'idempotency-key': message.deliveryId,
      'x-cw-timestamp': String(timestamp),
    };
    if (this.config.SMS_GATEWAY_SECRET) {
      headers['x-cw-signature'] = `sha256=${bodySignature(this.config.SMS_GATEWAY_SECRET, timestamp, body)}`;
    }
    await postJson(this.config.SMS_GATEWAY_URL, body, headers, this.config.DELIVERY_TIMEOUT_MS);
  }
}
