import {
  CaseAnonymised,
  CaseClosed,
  CaseOpened,
  CaseStatusChanged,
  ChecklistUpdated,
  InspectionRecorded,
  TaskRectified,
} from '#libs/contracts';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { defineService } from '#libs/service-kit';
import { intakeConfigSchema } from './config.js';
import { LifeSafetyModule } from './life-safety/life-safety.module.js';
import { DuplicatesModule } from './duplicates/duplicates.module.js';
import { intakeMigrations } from './migrations/index.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { TipsModule } from './tips/tips.module.js';
import { WhistleReportsModule } from './whistle-reports/whistle-reports.module.js';

/**
 * Whistle reports and 110-mailbox tips: references, idempotent submission, access by school, the
 * life-safety fast path, field encryption with a read audit, its copy of each case's status, the files
 * other services attach (evidence, inspections, checklists), and the anonymising of closed tips and
 * reports after their retention periods.
 */
export const intakeManifest = defineService({
  name: 'intake',
  configSchema: intakeConfigSchema,
  migrations: intakeMigrations,
  appendOnlyTables: ['field_reads'],
  consumes: [
    CaseOpened,
    CaseStatusChanged,
    CaseClosed,
    CaseAnonymised,
    TaskRectified,
    InspectionRecorded,
    ChecklistUpdated,
  ],
  broker: { attachments: true },
  imports: () => [
    PrivacyModule,
    LifeSafetyModule,
    TipsModule,
    WhistleReportsModule,
    AttachmentsModule,
    DuplicatesModule,
    RetentionModule,
  ],
});
