import type { z } from 'zod';
import type { Language, NotificationKindName, notificationView } from '#libs/contracts';
import { render, type TemplateParams } from './templates.js';

/** A notification as the API shows it (SQL select list over notify.notifications), with what renders its title. */
export const NOTIFICATION_VIEW = `id, kind, case_id AS "caseId", task_id AS "taskId", title,
  created_at AS "createdAt", read_at AS "readAt", params`;

export type NotificationRow = { kind: NotificationKindName; title: string; params: TemplateParams | null } & Record<
  string,
  unknown
>;

export type NotificationView = z.infer<typeof notificationView>;

/** The row with its title in the reader's language (rows made before templates keep their stored title). */
export function viewIn(language: Language, zone: string) {
  // The row is NOTIFICATION_VIEW's select list, whose columns the view's type names.
  return ({ params, ...row }: NotificationRow): NotificationView =>
    ({
      ...row,
      title: params ? render(row.kind, params, language, zone).title : row.title,
    }) as NotificationView;
}
