import type { Actor } from '#libs/auth';
import type { RoutingRule } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { type Assessment, Case, type ScreenDecision, type StepActor } from '../domain/case.js';
import { commit } from '../domain/commit.js';
import type { DispatchPorts, UnitOfWork } from '../domain/ports.js';
import { withoutRetired } from '../domain/unit-choice.js';

export const userStep = (actor: Actor): StepActor => ({ kind: 'user', id: actor.userId, role: actor.role });
export const SYSTEM_STEP: StepActor = { kind: 'system', id: 'dispatch', role: null };

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CaseCommandOptions {
  /** Calendar days a verified case waits for the school before it closes itself. */
  autoCloseAfterDays: number;
}

/** The default units for a category: the rule for its sub-category, else the category's own. */
export function proposalFor(rules: readonly RoutingRule[], category: string, subcategory: string | null) {
  const rule =
    rules.find((r) => r.category === category && (r.subcategory ?? null) === subcategory && subcategory !== null) ??
    rules.find((r) => r.category === category && !r.subcategory);
  return rule ? { leadUnitId: rule.leadUnitId, assistingUnitIds: rule.assistingUnitIds } : null;
}

/** The case-level steps of the loop: each loads the case, lets it decide, saves and announces. */
export class CaseCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly options: CaseCommandOptions,
  ) {}

  screen(actor: Actor, input: { caseId: string; decision: ScreenDecision; reason: string }) {
    return this.onCase(input.caseId, async (kase, ports) => {
      kase.screen(input.decision, input.reason, userStep(actor), ports.clock.now());
      const tasks = kase.isFinal ? await this.endTasks(ports, kase.id) : [];
      await commit(ports, kase, tasks);
    });
  }

  async assess(actor: Actor, input: Assessment & { caseId: string }) {
    return this.uow.run(async (ports) => {
      const kase = await load(ports, input.caseId);
      kase.assess(input, userStep(actor), ports.clock.now());
      await commit(ports, kase);
      const { category, subcategory } = kase.state;
      const proposal = proposalFor(await ports.routing.list(), category, subcategory);
      const departments = proposal
        ? await ports.units.departments([proposal.leadUnitId, ...proposal.assistingUnitIds])
        : new Map();
      return { ...summary(kase), proposal: withoutRetired(proposal, departments) };
    });
  }

  verify(actor: Actor, input: { caseId: string; note: string }) {
    return this.onCase(input.caseId, async (kase, ports) => {
      const now = ports.clock.now();
      kase.verify(input.note, userStep(actor), now, new Date(now.getTime() + this.options.autoCloseAfterDays * DAY_MS));
      await commit(ports, kase);
    });
  }

  /** Verification failed: the same units work on it again, each with a new rectification deadline. */
  reopen(actor: Actor, input: { caseId: string; reason: string; rectifyWithin?: string }) {
    return this.onCase(input.caseId, async (kase, ports) => {
      const now = ports.clock.now();
      kase.reopen(input.reason, userStep(actor), now);
      const { severity, category } = kase.state;
      const due = await ports.deadlinePolicy.rectifyDueAt(severity, category, now, input.rectifyWithin);
      const tasks = await ports.tasks.ofCase(kase.id);
      for (const task of tasks) task.reopen(now, due);
      await commit(ports, kase, tasks);
    });
  }

  confirm(actor: Actor, input: { caseId: string }) {
    return this.onSchoolCase(actor, input.caseId, async (kase, ports) => {
      kase.confirm(userStep(actor), ports.clock.now());
      await commit(ports, kase, await this.endTasks(ports, kase.id));
    });
  }

  dispute(actor: Actor, input: { caseId: string; reason: string }) {
    return this.onSchoolCase(actor, input.caseId, async (kase, ports) => {
      kase.dispute(input.reason, userStep(actor), ports.clock.now());
      await commit(ports, kase);
    });
  }

  merge(actor: Actor, input: { caseId: string; intoCaseId: string; reason: string }) {
    return this.uow.run(async (ports) => {
      // Locked in id order, so two merges of the same pair cannot wait on each other.
      const [first, second] = [input.caseId, input.intoCaseId].sort();
      const loaded = new Map<string, Case | null>();
      for (const id of [first, second]) loaded.set(id, await ports.cases.get(id));
      const kase = loaded.get(input.caseId);
      if (!kase) throw AppError.notFound('case');
      const into = loaded.get(input.intoCaseId);
      if (!into) throw AppError.badRequest('intoCaseId: no such case', 'intoCaseId');
      kase.merge(into, input.reason, userStep(actor), ports.clock.now());
      into.note('merge-in', userStep(actor), ports.clock.now(), input.reason);
      await commit(ports, kase, await this.endTasks(ports, kase.id));
      await commit(ports, into);
      return summary(kase);
    });
  }

  /** Closes verified cases the school left unanswered; each in its own transaction. Returns how many. */
  async autoCloseDue(limit: number): Promise<number> {
    const ids = await this.uow.run((ports) => ports.cases.dueForAutoClose(limit));
    let closed = 0;
    for (const id of ids) {
      closed += await this.uow.run(async (ports) => {
        const kase = await ports.cases.get(id);
        if (!kase?.autoClose(ports.clock.now(), SYSTEM_STEP)) return 0;
        await commit(ports, kase, await this.endTasks(ports, kase.id));
        return 1;
      });
    }
    return closed;
  }

  private async endTasks(ports: DispatchPorts, caseId: string) {
    const tasks = await ports.tasks.ofCase(caseId);
    for (const task of tasks) task.supersede();
    return tasks;
  }

  private onCase(caseId: string, decide: (kase: Case, ports: DispatchPorts) => Promise<void>) {
    return this.uow.run(async (ports) => {
      const kase = await load(ports, caseId);
      await decide(kase, ports);
      return summary(kase);
    });
  }

  /** The reporting school's own case; another school's is reported missing. */
  private onSchoolCase(actor: Actor, caseId: string, decide: (kase: Case, ports: DispatchPorts) => Promise<void>) {
    return this.uow.run(async (ports) => {
      const kase = await ports.cases.get(caseId);
      if (!kase || kase.state.schoolId !== actor.orgId || kase.state.source !== 'report')
        throw AppError.notFound('case');
      await decide(kase, ports);
      return summary(kase);
    });
  }
}

async function load(ports: DispatchPorts, caseId: string): Promise<Case> {
  const kase = await ports.cases.get(caseId);
  if (!kase) throw AppError.notFound('case');
  return kase;
}

/** What a command answers: the case as it now stands (the full view is GET /api/cases/:id). */
export function summary(kase: Case) {
  const s = kase.state;
  return {
    id: s.id,
    reference: s.reference,
    source: s.source,
    status: s.status,
    category: s.category,
    subcategory: s.subcategory,
    severity: s.severity,
    riskLevel: s.riskLevel,
    disputed: s.disputed,
    mergedInto: s.mergedInto,
    autoCloseAt: s.autoCloseAt?.toISOString() ?? null,
  };
}
