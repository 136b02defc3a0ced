import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Severity } from '#libs/contracts';
import type { Clock } from '../calendars/working-time.js';

/** Acknowledgement and rectification windows per severity, as ISO-8601 durations, and the clock they count in. */
@Entity({ name: 'sla_policies' })
export class SlaPolicy {
  @PrimaryColumn('text') severity: Severity;
  @Column('text', { name: 'ack_within' }) ackWithin: string;
  @Column('text', { name: 'rectify_within' }) rectifyWithin: string;
  /** `calendar` or `working`: how both windows are counted. */
  @Column('text') clock: Clock;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy: string | null;
}
