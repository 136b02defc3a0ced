import { Module } from '@nestjs/common';
import { EmailChannel } from '../channels/email.channel.js';
import { SmsChannel } from '../channels/sms.channel.js';
import { WebhookChannel } from '../channels/webhook.channel.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DeliveryReconciler } from './delivery-reconciler.js';
import { Realerts } from './realerts.js';
import { SendDeliveryUseCase } from './send-delivery.use-case.js';

/** Sending deliveries on email, SMS and work-chat robots: the queue, the sender, the reconciler and re-alerts. */
@Module({
  providers: [
    EmailChannel,
    SmsChannel,
    WebhookChannel,
    DeliveryMetrics,
    DeliveryQueue,
    SendDeliveryUseCase,
    DeliveryReconciler,
    Realerts,
  ],
})
export class DeliveriesModule {}
