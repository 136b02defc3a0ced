import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { APP_CONFIG } from '#libs/config';
import type { EntityManager } from 'typeorm';
import {
  type EventEnvelope,
  InspectionFindingRaised,
  type PayloadOf,
  SchoolDowngraded,
  TipEscalated,
  WhistleReportSubmitted,
} from '#libs/contracts';
import { BusEventBatchContext, BusEventContext, OnEvent, OnEvents } from '#libs/messaging';
import type { DispatchConfig } from '../config.js';
import type { StepActor } from '../domain/case.js';
import { type CaseSourceItem, OpenCaseUseCase } from './open-case.use-case.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';

/** A stable case id for a source item that has no id of its own to lend (a finding, a downgrade). */
export function derivedCaseId(name: string): string {
  const hex = createHash('sha256').update(`campus-whistle:case:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Whoever sent the event that raised the problem (a user or a service), without a role. */
const actorOf = (envelope: EventEnvelope): StepActor => ({
  kind: envelope.actor.kind,
  id: envelope.actor.id,
  role: null,
});

/**
 * Whatever raises a problem opens a case: a school's report (REPORTED, for the bureau's screen,
 * unless a life is at stake), a 110-mailbox tip, an inspection finding, or a downgraded school
 * (all three straight into the task force's queue). In the event batch's transaction.
 */
@Controller()
export class OpenCaseHandler {
  constructor(
    private readonly uow: TypeOrmUnitOfWork,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** The busiest source: a batch of reports opens its cases in a few statements. */
  @OnEvents(WhistleReportSubmitted)
  async onWhistleReportsSubmitted(
    @Payload() reports: Array<PayloadOf<typeof WhistleReportSubmitted>>,
    @Ctx() context: BusEventBatchContext,
  ) {
    await this.useCase(context.manager).executeMany(
      reports.map((report, i) => {
        const envelope = context.envelopes[i];
        return {
          item: {
            id: report.reportId,
            reference: report.reference,
            source: 'report',
            sourceId: report.reportId,
            schoolId: report.schoolId,
            category: report.category,
            severity: report.severity,
            lifeSafety: report.lifeSafety ?? false,
            reportedAt: new Date(report.submittedAt),
          },
          actor: actorOf(envelope),
          causedBy: envelope,
        };
      }),
    );
  }

  @OnEvent(TipEscalated)
  async onTipEscalated(@Payload() tip: PayloadOf<typeof TipEscalated>, @Ctx() context: BusEventContext) {
    await this.open(context, {
      id: tip.tipId,
      reference: tip.reference,
      source: 'tip',
      sourceId: tip.tipId,
      schoolId: tip.schoolId,
      category: tip.category,
      severity: tip.severity,
      lifeSafety: tip.lifeSafety,
      reportedAt: new Date(tip.escalatedAt),
    });
  }

  @OnEvent(InspectionFindingRaised)
  async onInspectionFindingRaised(
    @Payload() finding: PayloadOf<typeof InspectionFindingRaised>,
    @Ctx() context: BusEventContext,
  ) {
    const sourceId = `${finding.inspectionId}#${finding.findingIndex}`;
    await this.open(context, {
      id: derivedCaseId(`inspection:${sourceId}`),
      reference: null,
      source: 'inspection',
      sourceId,
      schoolId: finding.schoolId,
      category: finding.category,
      severity: finding.severity,
      lifeSafety: false,
      reportedAt: new Date(finding.raisedAt),
    });
  }

  /** Key attention for a school whose tier fell: a supervision case on campus safety. */
  @OnEvent(SchoolDowngraded)
  async onSchoolDowngraded(@Payload() downgrade: PayloadOf<typeof SchoolDowngraded>, @Ctx() context: BusEventContext) {
    const sourceId = `${downgrade.schoolId}@${downgrade.quarter}`;
    await this.open(context, {
      id: derivedCaseId(`supervision:${sourceId}`),
      reference: null,
      source: 'supervision',
      sourceId,
      schoolId: downgrade.schoolId,
      category: 'public-safety',
      severity: downgrade.toTier === 'non-compliant' ? 'high' : 'normal',
      lifeSafety: false,
      reportedAt: new Date(downgrade.publishedAt),
    });
  }

  private async open(context: BusEventContext, item: CaseSourceItem): Promise<void> {
    const { manager, envelope } = context;
    await this.useCase(manager).execute(item, actorOf(envelope), envelope);
  }

  /** The use case in the event batch's transaction. */
  private useCase(manager: EntityManager): OpenCaseUseCase {
    return new OpenCaseUseCase(this.uow.within(manager), {
      referencePrefix: this.config.REFERENCE_PREFIX,
      yearOf: (at) => DateTime.fromJSDate(at).setZone(this.config.COUNTY_TIMEZONE).year,
    });
  }
}
