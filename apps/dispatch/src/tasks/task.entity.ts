import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TaskRole } from '#libs/contracts';

export type TaskStatus = 'ASSIGNED' | 'ACKNOWLEDGED';

/** One unit's share of a case: the lead unit or an assisting unit, each acknowledging on its own. */
@Entity({ name: 'tasks' })
export class Task {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'unit_id' }) unitId: string;
  @Column('text') role: TaskRole;
  @Column('text') status: TaskStatus;
  @Column('timestamptz', { name: 'ack_due_at' }) ackDueAt: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column('uuid', { name: 'acknowledged_by', nullable: true }) acknowledgedBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

export const taskView = (task: Task) => ({
  id: task.id,
  caseId: task.caseId,
  unitId: task.unitId,
  role: task.role,
  status: task.status,
  ackDueAt: task.ackDueAt.toISOString(),
  acknowledgedAt: task.acknowledgedAt?.toISOString() ?? null,
});
