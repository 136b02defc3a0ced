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
}
