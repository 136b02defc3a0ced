import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import type { NotifyConfig } from '../config.js';
import { type Address, type ChannelPort, DeliveryError, type OutgoingMessage } from './channel-port.js';
import { postJson, robotAnswer } from './http-post.js';
import { bodySignature, dingTalkUrl } from './signing.js';

/** DingTalk: 130101 = sending too fast. WeCom: 45009 = over the API's frequency limit. */
const DINGTALK_RATE_LIMIT = [130101];
const WECOM_RATE_LIMIT = [45009];

/**
 * A unit's work-chat group robot. DingTalk-style: `timestamp` and `sign` (HMAC-SHA256 of the
 * secret) in the query; WeCom-style: the key is in the URL; generic: the JSON message signed in
 * `x-cw-signature` as the SMS gateway's, with `idempotency-key` = the delivery's id.
 */
@Injectable()
export class WebhookChannel implements ChannelPort {
  constructor(@Inject(APP_CONFIG) private readonly config: NotifyConfig) {}

  async send(message: OutgoingMessage, address: Address): Promise<void> {
    if (address.channel !== 'webhook') throw new DeliveryError('not a webhook', true);
    const timeout = this.config.DELIVERY_TIMEOUT_MS;
    const text = { msgtype: 'text', text: { content: `${message.title}\n${message.body}` } };
    if (address.kind === 'dingtalk') {
      const answer = await postJson(
        dingTalkUrl(address.url, address.secret, Date.now()),
        JSON.stringify(text),
        {},
        timeout,
      );
      robotAnswer(answer, DINGTALK_RATE_LIMIT);
      return;
    }
    if (address.kind === 'wecom') {
      robotAnswer(await postJson(address.url, JSON.stringify(text), {}, timeout), WECOM_RATE_LIMIT);
      return;
    }
    const body = JSON.stringify({
      id: message.deliveryId,
      kind: message.kind,
      title: message.title,
      body: message.body,
      reference: message.reference,
      caseId: message.caseId,
    });
    const timestamp = Date.now();
    const headers: Record<string, string> = {
      'idempotency-key': message.deliveryId,
      'x-cw-timestamp': String(timestamp),
    };
    if (address.secret) headers['x-cw-signature'] = `sha256=${bodySignature(address.secret, timestamp, body)}`;
    await postJson(address.url, body, headers, timeout);
  }
}
