import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus, Category, Severity } from '#libs/contracts';

@Entity({ name: 'whistle_reports' })
export class WhistleReport {
  @PrimaryColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('uuid', { name: 'school_id' }) schoolId: string;
  @Column('uuid', { name: 'reporter_id' }) reporterId: string;
  @Column('text') category: Category;
  @Column('text') severity: Severity;
  @Column('text') title: string;
  /** Encrypted (enc:v1:…). */
  @Column('text') description: string;
  /** The address in words; coordinates beside it when the reporter gave them. */
  @Column('text') location: string;
  @Column('double precision', { nullable: true }) lat: number | null;
  @Column('double precision', { nullable: true }) lng: number | null;
  @Column('text', { nullable: true }) subcategory: string | null;
  @Column('timestamptz', { name: 'occurred_at', nullable: true }) occurredAt: Date | null;
  /** Encrypted JSON of [{name, role, grade?}]. */
  @Column('text', { name: 'people_involved', nullable: true }) peopleInvolved: string | null;
  @Column('uuid', { name: 'attachment_ids', array: true }) attachmentIds: string[];
  @Column('boolean', { name: 'life_safety' }) lifeSafety: boolean;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  /** Our copy of the case status, learned from dispatch's events. */
  @Column('text', { name: 'case_status' }) caseStatus: CaseStatus;
  @Column('timestamptz', { name: 'case_status_at', nullable: true }) caseStatusAt: Date | null;
  /** Dispatch's number for that status change (0: none learned yet); only a higher one replaces it. */
  @Column('integer', { name: 'case_status_sequence' }) caseStatusSequence: number;
  /** When the retention sweep cleared the personal columns above (null: kept). */
  @Column('timestamptz', { name: 'anonymised_at', nullable: true }) anonymisedAt: Date | null;
}
