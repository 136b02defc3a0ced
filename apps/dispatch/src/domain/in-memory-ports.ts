/* eslint-disable @typescript-eslint/require-await -- in-memory ports answer at once, behind the async interfaces */
import type { DeadlineKind, EventContract, PayloadOf, RoutingRule } from '#libs/contracts';
import { Case, type CaseState, type TimelineEntry } from './case.js';
import type { DispatchPorts, UnitOfWork } from './ports.js';
import { Task, type TaskState } from './task.js';

export interface RecordedDeadline {
  taskId: string;
  kind: DeadlineKind;
  dueAt: Date;
  state: 'pending' | 'cancelled' | 'fired';
}

/**
 * Every port in memory, for the use cases' fast tests: a unit of work commits by replacing the
 * stored state with its copy only when the work succeeds, so a refused command leaves nothing.
 */
export class InMemoryDispatch implements UnitOfWork {
  cases = new Map<string, CaseState>();
  tasks = new Map<string, TaskState>();
  timeline: Array<TimelineEntry & { caseId: string }> = [];
  deadlines: RecordedDeadline[] = [];
  events: Array<{ type: string; payload: Record<string, unknown> }> = [];
  rules: RoutingRule[] = [];
  departments = new Set<string>();
  /** Departments the directory has retired (also in `departments`). */
  retiredUnits = new Set<string>();
  policy = { ackWithinMs: 2 * 3600_000, rectifyWithinMs: 24 * 3600_000 };
  now = new Date('2026-03-02T01:00:00Z');
  private referenceCount = 0;

  async run<T>(work: (ports: DispatchPorts) => Promise<T>): Promise<T> {
    const draft = {
      cases: new Map([...this.cases].map(([id, s]) => [id, { ...s }])),
      tasks: new Map([...this.tasks].map(([id, s]) => [id, { ...s, evidence: [...s.evidence] }])),
      timeline: [...this.timeline],
      deadlines: this.deadlines.map((d) => ({ ...d })),
      events: [...this.events],
      rules: [...this.rules],
    };
    const result = await work(this.portsOver(draft));
    Object.assign(this, draft);
    return result;
  }

  private portsOver(draft: {
    cases: Map<string, CaseState>;
    tasks: Map<string, TaskState>;
    timeline: Array<TimelineEntry & { caseId: string }>;
    deadlines: RecordedDeadline[];
    events: Array<{ type: string; payload: Record<string, unknown> }>;
    rules: RoutingRule[];
  }): DispatchPorts {
    const clone = <S>(state: S): S => structuredClone(state);
    const record = <C extends EventContract>(contract: C, payload: PayloadOf<C>) => {
      draft.events.push({ type: contract.type, payload: contract.payload.parse(payload) as Record<string, unknown> });
    };
    return {
      cases: {
        get: async (id) => (draft.cases.has(id) ? Case.restore(clone(draft.cases.get(id)!)) : null),
        insertOpened: async (cases) => {
          const inserted = new Set<string>();
          for (const kase of cases) {
            const duplicate = [...draft.cases.values()].some(
              (s) => s.id === kase.id || (s.source === kase.state.source && s.sourceId === kase.state.sourceId),
            );
            if (duplicate) continue;
            draft.cases.set(kase.id, clone(kase.state));
            draft.timeline.push(...kase.timeline.splice(0).map((entry) => ({ ...entry, caseId: kase.id })));
            inserted.add(kase.id);
          }
          return inserted;
        },
        save: async (kase) => {
          draft.cases.set(kase.id, clone(kase.state));
          draft.timeline.push(...kase.timeline.splice(0).map((entry) => ({ ...entry, caseId: kase.id })));
        },
        dueForAutoClose: async () =>
          [...draft.cases.values()]
            .filter((s) => s.status === 'VERIFIED' && s.autoCloseAt && s.autoCloseAt <= this.now)
            .map((s) => s.id),
        nextReference: async (prefix, year) => `${prefix}-${year}-${String(++this.referenceCount).padStart(6, '0')}`,
      },
      tasks: {
        peek: async (id) => {
          const task = draft.tasks.get(id);
          return task ? { caseId: task.caseId, unitId: task.unitId } : null;
        },
        ofCase: async (caseId) =>
          [...draft.tasks.values()].filter((t) => t.caseId === caseId).map((t) => Task.restore(clone(t))),
        save: async (tasks) => {
          for (const task of tasks) draft.tasks.set(task.id, clone(task.state));
        },
      },
      units: {
        departments: async (ids) =>
          new Map(
            ids.filter((id) => this.departments.has(id)).map((id) => [id, { retired: this.retiredUnits.has(id) }]),
          ),
      },
      deadlinePolicy: {
        taskDeadlines: async (_severity, _category, from) => ({
          ackDueAt: new Date(from.getTime() + this.policy.ackWithinMs),
          rectifyDueAt: new Date(from.getTime() + this.policy.rectifyWithinMs),
        }),
        rectifyDueAt: async (_severity, _category, from, within) =>
          new Date(from.getTime() + (within === 'P2D' ? 2 * 86_400_000 : this.policy.rectifyWithinMs)),
      },
      routing: {
        list: async () => draft.rules,
        replace: async (rules) => {
          draft.rules = [...rules];
        },
      },
      deadlines: {
        start: async (specs) => {
          for (const spec of specs) {
            for (const d of draft.deadlines) {
              if (d.taskId === spec.taskId && d.kind === spec.kind && d.state === 'pending') d.state = 'cancelled';
            }
            draft.deadlines.push({ taskId: spec.taskId, kind: spec.kind, dueAt: spec.dueAt, state: 'pending' });
          }
        },
        stop: async (taskIds, kinds) => {
          for (const d of draft.deadlines) {
            if (taskIds.includes(d.taskId) && kinds.includes(d.kind) && d.state === 'pending') d.state = 'cancelled';
          }
        },
        fireDue: async (taskId) => {
          for (const d of draft.deadlines) {
            if (d.taskId === taskId && d.state === 'pending' && d.dueAt <= this.now) d.state = 'fired';
          }
        },
      },
      events: {
        append: async <C extends EventContract>(contract: C, payload: PayloadOf<C>) => record(contract, payload),
        appendEach: async <C extends EventContract>(contract: C, items: ReadonlyArray<{ payload: PayloadOf<C> }>) => {
          for (const item of items) record(contract, item.payload);
        },
      },
      clock: { now: () => this.now },
    };
  }

  /** The pending deadlines of a task, by kind. */
  pending(taskId: string): DeadlineKind[] {
    return this.deadlines.filter((d) => d.taskId === taskId && d.state === 'pending').map((d) => d.kind);
  }
}
