import type { TaskRole } from '#libs/contracts';

/** The columns a task's view is made of, from the aggregate or straight from a query. */
export interface TaskViewSource {
  id: string;
  caseId: string;
  unitId: string;
  role: TaskRole;
  status: string;
  ackDueAt: Date;
  rectifyDueAt: Date | null;
  acknowledgedAt: Date | null;
  feedbackAt?: Date | null;
  rectifiedAt?: Date | null;
}

export const taskView = (task: TaskViewSource) => ({
  id: task.id,
  caseId: task.caseId,
  unitId: task.unitId,
  role: task.role,
  status: task.status,
  ackDueAt: task.ackDueAt.toISOString(),
  rectifyDueAt: task.rectifyDueAt?.toISOString() ?? null,
  acknowledgedAt: task.acknowledgedAt?.toISOString() ?? null,
  feedbackAt: task.feedbackAt?.toISOString() ?? null,
  rectifiedAt: task.rectifiedAt?.toISOString() ?? null,
});
