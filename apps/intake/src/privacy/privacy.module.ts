import { Global, Module } from '@nestjs/common';
import { ErasureAudit } from './erasure-audit.js';
import { FieldCipher } from './field-cipher.js';
import { ReadAudit } from './read-audit.js';

/** Field encryption and the audit of reads and erasures, for every domain area of intake. */
@Global()
@Module({ providers: [FieldCipher, ReadAudit, ErasureAudit], exports: [FieldCipher, ReadAudit, ErasureAudit] })
export class PrivacyModule {}
