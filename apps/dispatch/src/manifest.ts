import {
  InspectionFindingRaised,
  OrganisationChanged,
  OrganisationRegistered,
  SchoolDowngraded,
  ServiceRpcPattern,
  TipEscalated,
  WhistleReportSubmitted,
} from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { CalendarsModule } from './calendars/calendars.module.js';
import { CasesModule } from './cases/cases.module.js';
import { dispatchConfigSchema } from './config.js';
import { DigestsModule } from './digests/digests.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { EscalationPolicyModule } from './escalation-policy/escalation-policy.module.js';
import { ExtensionsModule } from './extensions/extensions.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { dispatchMigrations } from './migrations/index.js';
import { RetentionModule } from './retention/retention.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { RoutingRulesModule } from './routing-rules/routing-rules.module.js';
import { SlaPoliciesModule } from './sla-policies/sla-policies.module.js';
import { StatsModule } from './stats/stats.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { UnitsModule } from './units/units.module.js';

/** Cases and their closed loop, assignment to units, routing rules, SLA policies, deadlines, the ledger, statistics, daily digests and the retention of closed cases' texts. */
export const dispatchManifest = defineService({
  name: 'dispatch',
  configSchema: dispatchConfigSchema,
  migrations: dispatchMigrations,
  consumes: [
    WhistleReportSubmitted,
    TipEscalated,
    InspectionFindingRaised,
    SchoolDowngraded,
    OrganisationRegistered,
    OrganisationChanged,
  ],
  // Rectification evidence: the files named must be the caller's uploads (AttachmentCheck).
  broker: { calls: [ServiceRpcPattern.IntakeCheckAttachments] },
  imports: () => [
    UnitsModule,
    CalendarsModule,
    SlaPoliciesModule,
    EscalationPolicyModule,
    DeadlinesModule,
    CasesModule,
    TasksModule,
    RoutingRulesModule,
    ExtensionsModule,
    ReviewsModule,
    LedgerModule,
    StatsModule,
    DigestsModule,
    RetentionModule,
  ],
});
