import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskRole } from '#libs/contracts';
import type { TaskStatus } from '../domain/task.js';

export type { TaskStatus } from '../domain/task.js';
export { taskView } from './task-view.js';

/** One unit's share of a case (the table behind the `Task` aggregate of domain/task.ts). */
@Entity({ name: 'tasks' })
export class Task {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'unit_id' }) unitId: string;
  @Column('text') role: TaskRole;
  @Column('text') status: TaskStatus;
  @Column('timestamptz', { name: 'ack_due_at' }) ackDueAt: Date;
  @Column('timestamptz', { name: 'rectify_due_at', nullable: true }) rectifyDueAt: Date | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column('uuid', { name: 'acknowledged_by', nullable: true }) acknowledgedBy: string | null;
  @Column('timestamptz', { name: 'feedback_at', nullable: true }) feedbackAt: Date | null;
  @Column('timestamptz', { name: 'rectified_at', nullable: true }) rectifiedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
