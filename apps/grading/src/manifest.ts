import {
  CaseOpened,
  CaseStatusChanged,
  OrganisationChanged,
  OrganisationRegistered,
  ServiceRpcPattern,
  TaskAckBreached,
  TaskAcknowledged,
  TaskAssigned,
  TaskRectifyBreached,
} from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { BulletinModule } from './bulletin/bulletin.module.js';
import { ChecklistsModule } from './checklists/checklists.module.js';
import { gradingConfigSchema } from './config.js';
import { GradingsModule } from './gradings/gradings.module.js';
import { InspectionsModule } from './inspections/inspections.module.js';
import { gradingMigrations } from './migrations/index.js';
import { ProjectionModule } from './projection/projection.module.js';
import { RubricsModule } from './rubric/rubrics.module.js';
import { SchoolsModule } from './schools/schools.module.js';

/**
 * The quarterly grading of schools: inspections, safety checklists, versioned rubrics, the
 * quarterly run with its publication, appeals and bulletin, from its own projection of
 * dispatch's case and task events.
 */
export const gradingManifest = defineService({
  name: 'grading',
  configSchema: gradingConfigSchema,
  migrations: gradingMigrations,
  consumes: [
    OrganisationRegistered,
    OrganisationChanged,
    CaseOpened,
    CaseStatusChanged,
    TaskAssigned,
    TaskAcknowledged,
    TaskAckBreached,
    TaskRectifyBreached,
  ],
  // Checklist files: the files named must be the caller's uploads (AttachmentCheck).
  broker: { calls: [ServiceRpcPattern.IntakeCheckAttachments] },
  imports: () => [
    SchoolsModule,
    ProjectionModule,
    InspectionsModule,
    ChecklistsModule,
    RubricsModule,
    GradingsModule,
    BulletinModule,
  ],
});
