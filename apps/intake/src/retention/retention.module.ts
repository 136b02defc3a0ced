import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module.js';
import { Anonymiser } from './anonymiser.js';
import { CaseEvidenceErasure } from './case-evidence-erasure.handler.js';
import { RetentionSweep } from './retention.sweep.js';

/** Closed tips and reports anonymised after their configured retention periods; closed cases' evidence files removed. */
@Module({ imports: [AttachmentsModule], controllers: [CaseEvidenceErasure], providers: [Anonymiser, RetentionSweep] })
export class RetentionModule {}
