import type { Category, EventContract, EventEnvelope, PayloadOf, RoutingRule, Severity } from '#libs/contracts';
import type { DeadlineKind } from '#libs/contracts';
import type { Case, StepActor } from './case.js';
import type { Task } from './task.js';
import type { Departments } from './unit-choice.js';

/**
 * What the dispatch use cases need from the world, inside one transaction. The TypeORM adapter
 * writes to Postgres; the in-memory one backs the fast unit tests.
 */
export interface CaseRepository {
  /** The case, locked for the rest of the transaction. */
  get(id: string): Promise<Case | null>;
  /**
   * New cases with their timelines, in one go; answers the ids inserted. A case whose source item
   * has one already (a redelivered event) is left out.
   */
  insertOpened(cases: readonly Case[]): Promise<Set<string>>;
  save(kase: Case): Promise<void>;
  /** Ids of verified cases whose time for the school's answer has passed. */
  dueForAutoClose(limit: number): Promise<string[]>;
  nextReference(prefix: string, year: number): Promise<string>;
}

export interface TaskRepository {
  /** Without a lock: to find the case, which is locked first. */
  peek(id: string): Promise<{ caseId: string; unitId: string } | null>;
  /** The case's tasks, locked. */
  ofCase(caseId: string): Promise<Task[]>;
  save(tasks: readonly Task[]): Promise<void>;
}

export interface UnitDirectory {
  /** Which of these ids are departments, each with whether it has been retired. */
  departments(ids: readonly string[]): Promise<Departments>;
}

export interface DeadlinePolicy {
  /** The acknowledgement and rectification deadlines of a task assigned at `from`. */
  taskDeadlines(severity: Severity, category: Category, from: Date): Promise<{ ackDueAt: Date; rectifyDueAt: Date }>;
  /** A rectification deadline for a window given by the task force (a reopening). */
  rectifyDueAt(severity: Severity, category: Category, from: Date, within?: string): Promise<Date>;
}

export interface RoutingRules {
  list(): Promise<RoutingRule[]>;
  replace(rules: readonly RoutingRule[], userId: string): Promise<void>;
}

export interface DeadlineScheduler {
  start(specs: ReadonlyArray<{ taskId: string; kind: DeadlineKind; startAt: Date; dueAt: Date }>): Promise<void>;
  stop(taskIds: readonly string[], kinds: readonly DeadlineKind[]): Promise<void>;
  /** Fires the task's deadlines already due (a step that came late is still a breach). */
  fireDue(taskId: string): Promise<void>;
}

export interface EventRecorder {
  append<C extends EventContract>(contract: C, payload: PayloadOf<C>, options?: EventOptions): Promise<void>;
  /** Several events of one contract, each with its own actor and cause, in one write. */
  appendEach<C extends EventContract>(
    contract: C,
    items: ReadonlyArray<{ payload: PayloadOf<C> } & EventOptions>,
  ): Promise<void>;
}

export interface EventOptions {
  actor?: StepActor;
  causedBy?: EventEnvelope;
}

export interface Clock {
  now(): Date;
}

export interface DispatchPorts {
  cases: CaseRepository;
  tasks: TaskRepository;
  units: UnitDirectory;
  deadlinePolicy: DeadlinePolicy;
  routing: RoutingRules;
  deadlines: DeadlineScheduler;
  events: EventRecorder;
  clock: Clock;
}

/** Runs work in one transaction; wake-ups for deadlines started in it are armed after commit. */
export interface UnitOfWork {
  run<T>(work: (ports: DispatchPorts) => Promise<T>): Promise<T>;
}
