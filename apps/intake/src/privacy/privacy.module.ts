import { Global, Module } from '@nestjs/common';
import { FieldCipher } from './field-cipher.js';
import { ReadAudit } from './read-audit.js';

/** Field encryption and the read audit, for every domain area of intake. */
@Global()
@Module({ providers: [FieldCipher, ReadAudit], exports: [FieldCipher, ReadAudit] })
export class PrivacyModule {}
