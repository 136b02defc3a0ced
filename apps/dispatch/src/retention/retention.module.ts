import { Module } from '@nestjs/common';
import { CaseAnonymiser } from './case-anonymiser.js';
import { CaseRetentionSweep } from './case-retention.sweep.js';

/** Retention: the free texts of cases closed longer than `RETENTION_CLOSED_CASES` are removed. */
@Module({ providers: [CaseAnonymiser, CaseRetentionSweep] })
export class RetentionModule {}
