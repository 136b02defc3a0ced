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
  @Column('text') description: string;
  @Column('text') location: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  /** Our copy of the case status, learned from dispatch's events. */
  @Column('text', { name: 'case_status' }) caseStatus: CaseStatus;
  @Column('timestamptz', { name: 'case_status_at', nullable: true }) caseStatusAt: Date | null;
  /** Dispatch's number for that status change (0: none learned yet); only a higher one replaces it. */
  @Column('integer', { name: 'case_status_sequence' }) caseStatusSequence: number;
}
