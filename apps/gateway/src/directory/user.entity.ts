import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '#libs/contracts';

@Entity({ name: 'users' })
export class User {
  @PrimaryColumn('uuid') id: string;
  @Column('text') username: string;
  @Column('text', { name: 'display_name', nullable: true }) displayName: string | null;
  @Column('text', { name: 'password_hash', select: false }) passwordHash: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'org_id' }) orgId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  /** The second factor is on (its secret is read only where codes are checked). */
  @Column('timestamptz', { name: 'totp_enabled_at', nullable: true }) totpEnabledAt: Date | null;
}
