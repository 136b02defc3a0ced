import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrgKind } from '#libs/contracts';

/** Our copy of the directory's organisations, learned from the gateway's events. */
@Entity({ name: 'units' })
export class Unit {
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: OrgKind;
  @Column('text') code: string;
  @Column('text') name: string;
  /** Retired in the directory: assigned nothing new, proposed by no rule. */
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  /** The directory's revision this copy holds (1: as registered). */
  @Column('integer') revision: number;
}
