import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeadlineKind } from '#libs/contracts';

export type { DeadlineKind };

/**
 * The source of truth for a timer (one row per step of a deadline: reminders, breach, ladder). Redis only wakes us up, and a wake-up fires only what is due
 * by the database's clock; `version` changes whenever the deadline is moved.
 */
@Entity({ name: 'deadlines' })
export class Deadline {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('text') kind: DeadlineKind;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('timestamptz', { name: 'fired_at', nullable: true }) firedAt: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  /** `reminder:<fraction>`, `breach` or `escalation:<level>`: one timer of the deadline's version. */
  @Column('text') step: string;
}
