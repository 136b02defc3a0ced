import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus, Category, Severity } from '#libs/contracts';

/** A case; its id is the id of the whistle report that opened it, in every service. */
@Entity({ name: 'cases' })
export class Case {
  @PrimaryColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('uuid', { name: 'school_id' }) schoolId: string;
  @Column('text') category: Category;
  @Column('text') severity: Severity;
  @Column('text') status: CaseStatus;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** How many status changes the case has had (its opening is 1): the order of its status events. */
  @Column('integer') sequence: number;
}
