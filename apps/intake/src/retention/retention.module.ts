import { Module } from '@nestjs/common';
import { Anonymiser } from './anonymiser.js';
import { RetentionSweep } from './retention.sweep.js';

/** Closed tips and reports anonymised after their configured retention periods. */
@Module({ providers: [Anonymiser, RetentionSweep] })
export class RetentionModule {}
