import { CaseOpened, type CaseSource, type Category, type EventEnvelope, type Severity } from '#libs/contracts';
import { Case, type StepActor } from '../domain/case.js';
import type { UnitOfWork } from '../domain/ports.js';

export interface CaseSourceItem {
  /** The case's id: the report's or the tip's own id, or one derived from the source item. */
  id: string;
  /** The report's or tip's reference; dispatch gives one to cases from other sources. */
  reference: string | null;
  source: CaseSource;
  sourceId: string;
  schoolId: string | null;
  category: Category;
  severity: Severity;
  lifeSafety: boolean;
  reportedAt: Date;
}

/** One thing that raised a problem, who raised it, and the event that brought it. */
export interface CaseOpening {
  item: CaseSourceItem;
  actor: StepActor;
  causedBy?: EventEnvelope;
}

/**
 * Opens cases from whatever raised them (reports, tips, inspection findings, downgraded schools)
 * through the case's own lifecycle: each opening is change number 1, on the timeline and announced
 * by `CaseOpened`.
 * Set-based, so a batch of events costs a few statements whatever its size; a redelivered source
 * item opens nothing more.
 */
export class OpenCaseUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: { referencePrefix: string; yearOf: (at: Date) => number },
  ) {}

  async execute(item: CaseSourceItem, actor: StepActor, causedBy?: EventEnvelope): Promise<Case | null> {
    const [opened] = await this.executeMany([{ item, actor, causedBy }]);
    return opened ?? null;
  }

  /** The cases opened, in the order given; those opened before are left out. */
  async executeMany(openings: readonly CaseOpening[]): Promise<Case[]> {
    return this.uow.run(async (ports) => {
      const cases: Array<{ kase: Case; actor: StepActor; causedBy?: EventEnvelope }> = [];
      for (const { item, actor, causedBy } of openings) {
        const reference =
          item.reference ??
          (await ports.cases.nextReference(
            `${this.options.referencePrefix}-${item.source.slice(0, 3).toUpperCase()}`,
            this.options.yearOf(item.reportedAt),
          ));
        cases.push({ kase: Case.open({ ...item, reference }, actor), actor, causedBy });
      }
      const inserted = await ports.cases.insertOpened(cases.map(({ kase }) => kase));
      const fresh = cases.filter(({ kase }) => inserted.has(kase.id));
      // The opening is the case's status change number 1: `CaseOpened` announces it, alone.
      await ports.events.appendEach(
        CaseOpened,
        fresh.map(({ kase: { state }, actor, causedBy }) => ({
          payload: {
            caseId: state.id,
            reference: state.reference,
            source: state.source,
            sourceId: state.sourceId,
            schoolId: state.schoolId,
            category: state.category,
            severity: state.severity,
            lifeSafety: state.lifeSafety,
            openedAt: state.reportedAt.toISOString(),
            status: state.status,
          },
          actor,
          causedBy,
        })),
      );
      return fresh.map(({ kase }) => kase);
    });
  }
}
