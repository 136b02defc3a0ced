/** A notification as the API shows it (SQL select list over notify.notifications). */
export const NOTIFICATION_VIEW = `id, kind, case_id AS "caseId", task_id AS "taskId", title,
  created_at AS "createdAt", read_at AS "readAt"`;
