import type { Role, TaskRole } from '#libs/contracts';

/** What the inbox says and to whom; titles name the case by reference only, never by its content. */
export const NotificationKind = {
  TaskAssigned: 'task-assigned',
  AckOverdue: 'ack-overdue',
} as const;

export const ACK_OVERDUE_AUDIENCE: readonly Role[] = ['taskforce_dispatcher', 'supervisor'];
export const UNIT_AUDIENCE: readonly Role[] = ['department_handler', 'department_head'];

export const taskAssignedTitle = (reference: string, role: TaskRole): string =>
  `New ${role === 'lead' ? 'lead' : 'assisting'} task for case ${reference}: please acknowledge`;

export const ackOverdueTitle = (reference: string): string => `Acknowledgement overdue for case ${reference}`;
