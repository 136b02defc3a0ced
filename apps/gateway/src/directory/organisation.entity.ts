import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrgKind } from '#libs/contracts';

/** A school, a department (unit), the task force or the county. */
@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: OrgKind;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  /** Out of service since then (see ManageOrganisationsUseCase.retire); never deleted. */
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  /** 1 as registered, one more at each change announced (`gateway.organisation.changed`). */
  @Column('integer') revision: number;
}
