import { CaseOpened, type CaseSource, type Category, type EventEnvelope, type Severity } from '#libs/contracts';
import { Case, type StepActor } from '../domain/case.js';
import { commit } from '../domain/commit.js';
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

/**
 * Opens a case from whatever raised it (a report, a tip, an inspection finding, a downgraded
 * school) through the case's own lifecycle: its opening is change number 1, on the timeline and
 * announced. A redelivered source item opens nothing more.
 */
export class OpenCaseUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: { referencePrefix: string; yearOf: (at: Date) => number },
  ) {}

  async execute(item: CaseSourceItem, actor: StepActor, causedBy?: EventEnvelope): Promise<Case | null> {
    return this.uow.run(async (ports) => {
      const reference =
        item.reference ??
        (await ports.cases.nextReference(
          `${this.options.referencePrefix}-${item.source.slice(0, 3).toUpperCase()}`,
          this.options.yearOf(item.reportedAt),
        ));
      const kase = Case.open({ ...item, reference }, actor);
      if (!(await ports.cases.insert(kase))) return null;
      await commit(ports, kase);
      const { state } = kase;
      await ports.events.append(
        CaseOpened,
        {
          caseId: state.id,
          reference: state.reference,
          source: state.source,
          sourceId: state.sourceId,
          schoolId: state.schoolId,
          category: state.category,
          severity: state.severity,
          lifeSafety: state.lifeSafety,
          openedAt: state.reportedAt.toISOString(),
        },
        { actor, causedBy },
      );
      return kase;
    });
  }
}
