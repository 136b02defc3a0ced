import type { EntityManager } from 'typeorm';
import type { DeliveryChannel, NotificationKindName, Role } from '#libs/contracts';
import { effectivePreferences, type Preferences, type PreferencesRow } from '../preferences/preferences.js';
import { quietUntil } from '../preferences/quiet-hours.js';
import { countDeliveries } from './delivery-metrics.js';

/** Channel on which committed deliveries wake the dispatcher up (LISTEN/NOTIFY). */
export const DELIVERIES_CHANNEL = 'notify_deliveries';

interface NotificationTarget {
  id: string;
  user_id: string;
  kind: NotificationKindName;
  urgent: boolean;
  source_event_id: string;
  role: Role;
  org_id: string;
  has_webhook: boolean;
  preferences: PreferencesRow | null;
}

export interface PlannedDelivery {
  sourceEventId: string;
  recipientId: string;
  notificationId: string;
  channel: Exclude<DeliveryChannel, 'inbox'>;
  step: number;
  holdUntil: Date | null;
}

/** Whether a channel can reach this recipient at all: an address, a phone, their unit's robot. */
export const reachable = (preferences: Preferences, hasWebhook: boolean) => (channel: DeliveryChannel) =>
  channel === 'email'
    ? preferences.email !== null
    : channel === 'sms'
      ? preferences.phone !== null
      : channel === 'webhook'
        ? hasWebhook
        : true;

/** Loads what deciding deliveries needs about notifications: recipient, preferences, unit robot. */
export async function loadTargets(manager: EntityManager, notificationIds: readonly string[]) {
  return manager.query<NotificationTarget[]>(
    `SELECT n.id, n.user_id, n.kind, n.urgent, n.source_event_id, r.role, r.org_id,
            (w.unit_id IS NOT NULL) AS has_webhook,
            CASE WHEN p.user_id IS NULL THEN NULL ELSE json_build_object(
              'language', p.language, 'email', p.email, 'phone', p.phone, 'channels', p.channels,
              'quiet_from', p.quiet_from, 'quiet_to', p.quiet_to) END AS preferences
       FROM notify.notifications n
       JOIN notify.recipients r ON r.user_id = n.user_id
       LEFT JOIN notify.preferences p ON p.user_id = n.user_id
       LEFT JOIN notify.unit_webhooks w ON w.unit_id = r.org_id
      WHERE n.id = ANY($1::uuid[])`,
    [notificationIds],
  );
}

/**
 * The deliveries of new notifications besides the inbox (which is the notification itself): one
 * per chosen, reachable channel; the unit's work-chat group once per event whoever in the unit chose
 * it. Outside urgent messages, a recipient's quiet hours hold personal channels until they end.
 */
export function planDeliveries(targets: readonly NotificationTarget[], now: Date, zone: string): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  for (const target of targets) {
    const preferences = effectivePreferences(target.role, target.preferences);
    const canReach = reachable(preferences, target.has_webhook);
    const held = target.urgent ? null : quietUntil(now, preferences.quietHours, zone);
    for (const channel of preferences.channels[target.kind]) {
      if (channel === 'inbox' || !canReach(channel)) continue;
      planned.push({
        sourceEventId: target.source_event_id,
        recipientId: channel === 'webhook' ? target.org_id : target.user_id,
        notificationId: target.id,
        channel,
        step: 0,
        // A group has no quiet hours of its own.
        holdUntil: channel === 'webhook' ? null : held,
      });
    }
  }
  return planned;
}

/** Writes deliveries in the caller's transaction (once per event, recipient and channel) and wakes the dispatcher on commit. */
export async function insertDeliveries(manager: EntityManager, planned: readonly PlannedDelivery[]): Promise<number> {
  if (planned.length === 0) return 0;
  const inserted = await manager.query<Array<{ id: string; channel: string; status: string }>>(
    `INSERT INTO notify.deliveries
       (source_event_id, recipient_id, notification_id, channel, step, status, hold_until, next_attempt_at)
     SELECT d.source_event_id, d.recipient_id, d.notification_id, d.channel, d.step,
            CASE WHEN d.hold_until IS NULL THEN 'queued' ELSE 'held' END, d.hold_until, coalesce(d.hold_until, now())
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[])
         AS d(source_event_id, recipient_id, notification_id, channel, step, hold_until)
     ON CONFLICT (source_event_id, recipient_id, channel) DO NOTHING RETURNING id, channel, status`,
    [
      planned.map((d) => d.sourceEventId),
      planned.map((d) => d.recipientId),
      planned.map((d) => d.notificationId),
      planned.map((d) => d.channel),
      planned.map((d) => d.step),
      planned.map((d) => d.holdUntil?.toISOString() ?? null),
    ],
  );
  if (inserted.length > 0) await manager.query(`SELECT pg_notify('${DELIVERIES_CHANNEL}', '')`);
  // Counted in the caller's transaction: one rolled back and redone counts its held deliveries twice (rare).
  countDeliveries(
    inserted.filter((row) => row.status === 'held'),
    'held',
  );
  return inserted.length;
}

/** Deliveries for notifications just written in this transaction. */
export async function deliverNotifications(
  manager: EntityManager,
  notificationIds: readonly string[],
  zone: string,
): Promise<void> {
  if (notificationIds.length === 0) return;
  const targets = await loadTargets(manager, notificationIds);
  await insertDeliveries(manager, planDeliveries(targets, new Date(), zone));
}
