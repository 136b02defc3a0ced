import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { Anonymiser } from './anonymiser.js';
import { RetentionSweep } from './retention.sweep.js';

/** Closed tips and reports anonymised after their configured retention periods. */
@Module({ imports: [AttachmentsModule], providers: [Anonymiser, RetentionSweep] })
export class RetentionModule {}
