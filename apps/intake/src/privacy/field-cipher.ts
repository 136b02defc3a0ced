import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import type { IntakeConfig } from '../config.js';
import { fieldContext, KeyRing } from '#libs/config';

/** Encrypts and opens the protected fields of intake's tables with the configured key ring. */
@Injectable()
export class FieldCipher {
  readonly ring: KeyRing;

  constructor(@Inject(APP_CONFIG) config: IntakeConfig) {
    this.ring = KeyRing.parse(config.INTAKE_KEYS, config.INTAKE_ACTIVE_KEY);
  }

  seal(table: string, column: string, rowId: string, plain: string): string;
  seal(table: string, column: string, rowId: string, plain: string | null | undefined): string | null;
  seal(table: string, column: string, rowId: string, plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined) return null;
    return this.ring.encrypt(plain, fieldContext(table, column, rowId));
  }

  open(table: string, column: string, rowId: string, stored: string): string;
  open(table: string, column: string, rowId: string, stored: string | null): string | null;
  open(table: string, column: string, rowId: string, stored: string | null): string | null {
    if (stored === null) return null;
    return this.ring.decrypt(stored, fieldContext(table, column, rowId));
  }
}
