import { Inject, Injectable } from '@nestjs/common';
import { Duration } from 'luxon';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import type { DeliveryChannel, NotificationKindName, Role } from '#libs/contracts';
import type { NotifyConfig } from '../config.js';
import { REALERT_KINDS } from '../inbox/notification-kinds.js';
import { effectivePreferences, nextChannel, type PreferencesRow } from '../preferences/preferences.js';
import { insertDeliveries, type PlannedDelivery, reachable } from './plan-deliveries.js';

/** Steps after the first sending: at most one per channel besides the inbox. */
const MAX_STEPS = 3;
const BATCH = 500;

interface Unread {
  id: string;
  user_id: string;
  org_id: string;
  role: Role;
  kind: NotificationKindName;
  source_event_id: string;
  realert_step: number;
  has_webhook: boolean;
  preferences: PreferencesRow | null;
  used: Array<{ recipient_id: string; channel: DeliveryChannel }>;
}

/**
 * An escalation or life-safety alert still unread REALERT_AFTER after it was made (and again after
 * each further REALERT_AFTER) is sent on the recipient's next channel not used for it yet: one step
 * at a time, once per step, until it is read or no channel is left. Timing is Postgres's: the step
 * count and the times are in the notification row, taken under FOR UPDATE SKIP LOCKED, so two
 * processes never make the same step; the delivery it makes is an ordinary one.
 */
@Injectable()
export class Realerts {
  private readonly afterMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: NotifyConfig,
  ) {
    this.afterMs = Duration.fromISO(config.REALERT_AFTER).toMillis();
  }

  async sweep(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const due = await manager.query<Unread[]>(
        `SELECT n.id, n.user_id, r.org_id, r.role, n.kind, n.source_event_id, n.realert_step,
                (w.unit_id IS NOT NULL) AS has_webhook,
                CASE WHEN p.user_id IS NULL THEN NULL ELSE json_build_object(
                  'language', p.language, 'email', p.email, 'phone', p.phone, 'channels', p.channels,
                  'quiet_from', p.quiet_from, 'quiet_to', p.quiet_to) END AS preferences,
                coalesce((SELECT json_agg(json_build_object('recipient_id', d.recipient_id, 'channel', d.channel))
                            FROM notify.deliveries d
                           WHERE d.source_event_id = n.source_event_id AND d.recipient_id IN (n.user_id, r.org_id)),
                         '[]') AS used
           FROM notify.notifications n
           JOIN notify.recipients r ON r.user_id = n.user_id
           LEFT JOIN notify.preferences p ON p.user_id = n.user_id
           LEFT JOIN notify.unit_webhooks w ON w.unit_id = r.org_id
          WHERE n.urgent AND n.read_at IS NULL AND n.kind = ANY($1::text[]) AND n.realert_step < $2
            AND n.created_at + (n.realert_step + 1) * $3 * interval '1 millisecond' <= now()
          ORDER BY n.created_at LIMIT $4 FOR UPDATE OF n SKIP LOCKED`,
        [REALERT_KINDS, MAX_STEPS, this.afterMs, BATCH],
      );
      if (due.length === 0) return;
      const planned: PlannedDelivery[] = [];
      const exhausted: string[] = [];
      for (const notification of due) {
        const preferences = effectivePreferences(notification.role, notification.preferences);
        const used = new Set(notification.used.map((delivery) => delivery.channel));
        const channel = nextChannel(
          preferences,
          notification.kind,
          used,
          reachable(preferences, notification.has_webhook),
        );
        if (!channel || channel === 'inbox') {
          exhausted.push(notification.id);
          continue;
        }
        planned.push({
          sourceEventId: notification.source_event_id,
          recipientId: channel === 'webhook' ? notification.org_id : notification.user_id,
          notificationId: notification.id,
          channel,
          step: notification.realert_step + 1,
          holdUntil: null,
        });
      }
      await insertDeliveries(manager, planned);
      await manager.query(
        `UPDATE notify.notifications SET realert_step = CASE WHEN id = ANY($2::uuid[]) THEN $3 ELSE realert_step + 1 END
          WHERE id = ANY($1::uuid[])`,
        [due.map((notification) => notification.id), exhausted, MAX_STEPS],
      );
    });
  }
}
