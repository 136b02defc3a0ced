import type { EntityManager } from 'typeorm';
import type { NotificationKindName } from '#libs/contracts';
import { deliverNotifications } from '../deliveries/plan-deliveries.js';
import { render, type TemplateParams } from './templates.js';

/** How far back a user who joins (or whose registration arrives late) is given their audience's notifications. */
const BACKLOG_WINDOW = '30 days';

/** One inbox row per announcement and recipient in its audience. */
const FAN_OUT = `INSERT INTO notify.notifications (user_id, kind, case_id, task_id, title, params, urgent, source_event_id, created_at)
  SELECT r.user_id, a.kind, a.case_id, a.task_id, a.title, a.params, a.urgent, a.source_event_id, a.created_at
    FROM notify.announcements a
    JOIN notify.recipients r
      ON r.role = ANY(a.audience_roles) AND (a.audience_org_id IS NULL OR r.org_id = a.audience_org_id)`;
const ONCE = 'ON CONFLICT (source_event_id, user_id) DO NOTHING RETURNING id';

/**
 * An announcement and a new recipient are handled by different consumers (or processes) at once; in
 * READ COMMITTED neither fan-out would see the other's uncommitted row and the user would miss the
 * notification for good. So each takes this transaction lock after writing its own row and before
 * its fan-out: announcements shared (they need not see one another and stay parallel), a recipient
 * exclusive. Whichever of the two gets it second runs its fan-out after the other committed and sees
 * its row. One county-wide key, not one per organisation: overdue alerts address roles in every
 * organisation, and registrations are rare next to announcements.
 */
const FAN_OUT_LOCK = "hashtext('campus-whistle:notify:fan-out')";

export interface Announcement {
  sourceEventId: string;
  kind: NotificationKindName;
  params: TemplateParams;
  /** Goes through quiet hours. */
  urgent: boolean;
  caseId: string | null;
  taskId: string | null;
  audience: { orgId?: string; roles: readonly string[] };
}

/**
 * Events reach notify on separate streams, so a user's registration may arrive after a task for
 * their unit. Keeping each notification's audience makes the inbox the same whatever that order:
 * an announcement goes to the recipients known now, and a recipient learned later gets the
 * announcements already made for them. Redeliveries add nothing (one row per event and user), and
 * each new notification's deliveries on the other channels are written in the same transaction.
 * The stored title is the English one; readers see it rendered in their language from `params`.
 */
export async function announce(manager: EntityManager, announcement: Announcement, zone: string): Promise<void> {
  await manager.query(
    `INSERT INTO notify.announcements
       (source_event_id, kind, case_id, task_id, title, params, urgent, audience_org_id, audience_roles)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (source_event_id) DO NOTHING`,
    [
      announcement.sourceEventId,
      announcement.kind,
      announcement.caseId,
      announcement.taskId,
      render(announcement.kind, announcement.params, 'en', zone).title,
      JSON.stringify(announcement.params),
      announcement.urgent,
      announcement.audience.orgId ?? null,
      announcement.audience.roles,
    ],
  );
  await manager.query(`SELECT pg_advisory_xact_lock_shared(${FAN_OUT_LOCK})`);
  const rows = await manager.query<Array<{ id: string }>>(`${FAN_OUT} WHERE a.source_event_id = $1 ${ONCE}`, [
    announcement.sourceEventId,
  ]);
  await deliverNotifications(
    manager,
    rows.map((row) => row.id),
    zone,
  );
}

/** Gives a recipient, just written in this transaction, the recent announcements made for their organisation and role. */
export async function deliverBacklog(manager: EntityManager, userId: string, zone: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(${FAN_OUT_LOCK})`);
  const rows = await manager.query<Array<{ id: string }>>(
    `${FAN_OUT} WHERE r.user_id = $1 AND a.created_at > now() - $2::interval ${ONCE}`,
    [userId, BACKLOG_WINDOW],
  );
  await deliverNotifications(
    manager,
    rows.map((row) => row.id),
    zone,
  );
}
