import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseSource, CaseStatus, Category, RiskLevel, Severity } from '#libs/contracts';

/**
 * The table behind the `Case` aggregate (domain/case.ts). A report's or a tip's case has that
 * item's id, in every service.
 */
@Entity({ name: 'cases' })
export class Case {
  @PrimaryColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('text') source: CaseSource;
  @Column('text', { name: 'source_id', nullable: true }) sourceId: string | null;
  @Column('uuid', { name: 'school_id', nullable: true }) schoolId: string | null;
  @Column('text') category: Category;
  @Column('text', { nullable: true }) subcategory: string | null;
  @Column('text') severity: Severity;
  @Column('text', { name: 'risk_level', nullable: true }) riskLevel: RiskLevel | null;
  @Column('text') status: CaseStatus;
  @Column('boolean') disputed: boolean;
  @Column('uuid', { name: 'merged_into', nullable: true }) mergedInto: string | null;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** How many status changes the case has had (its opening is 1): the order of its status events. */
  @Column('integer') sequence: number;
}
