import type { CaseSource, CaseStatus, Category, RiskLevel, Role, Severity } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { type CaseCommand, FINAL_STATUSES, nextStatus, openingStatus } from './case-lifecycle.js';

/** Who took a step: a user in a role, or the system (an event, a timer). */
export interface StepActor {
  kind: 'user' | 'system';
  id: string;
  role: Role | null;
}

/** One line of a case's timeline; a step that leaves the status as it was has `from` equal to `to`. */
export interface TimelineEntry {
  at: Date;
  actorId: string;
  actorRole: Role | null;
  command: string;
  from: CaseStatus | null;
  to: CaseStatus;
  reason: string | null;
}

/** A status change, numbered in the case's order (its opening is 1). */
export interface StatusChange {
  from: CaseStatus | null;
  to: CaseStatus;
  command: string;
  at: Date;
  sequence: number;
  actor: StepActor;
}

export interface CaseState {
  id: string;
  reference: string;
  source: CaseSource;
  sourceId: string;
  schoolId: string | null;
  category: Category;
  subcategory: string | null;
  severity: Severity;
  riskLevel: RiskLevel | null;
  assessmentNote: string | null;
  lifeSafety: boolean;
  status: CaseStatus;
  disputed: boolean;
  mergedInto: string | null;
  verifiedAt: Date | null;
  autoCloseAt: Date | null;
  reportedAt: Date;
  updatedAt: Date;
  sequence: number;
}

export interface OpenCase {
  id: string;
  reference: string;
  source: CaseSource;
  sourceId: string;
  schoolId: string | null;
  category: Category;
  severity: Severity;
  lifeSafety: boolean;
  reportedAt: Date;
}

export interface Assessment {
  category: Category;
  subcategory?: string;
  severity: Severity;
  riskLevel: RiskLevel;
  note?: string;
}

export type ScreenDecision = 'forward' | 'resolve' | 'reject';
const SCREENED_TO: Record<ScreenDecision, CaseStatus> = { forward: 'FORWARDED', resolve: 'CLOSED', reject: 'REJECTED' };

/**
 * A case and its lifecycle. Every step goes through the transition table and leaves a timeline
 * entry; status changes are numbered here, under the row lock the case was loaded with. What
 * happened is held until saved (`timeline`, `changes`).
 */
export class Case {
  readonly timeline: TimelineEntry[] = [];
  readonly changes: StatusChange[] = [];

  private constructor(
    readonly state: CaseState,
    readonly isNew: boolean,
  ) {}

  static restore(state: CaseState): Case {
    return new Case({ ...state }, false);
  }

  /** A new case, in REPORTED (a school's report) or straight in the task force's queue. */
  static open(input: OpenCase, actor: StepActor): Case {
    // Urgent when a life is at stake, whatever the reporter chose.
    const severity = input.lifeSafety ? 'urgent' : input.severity;
    const kase = new Case(
      {
        ...input,
        severity,
        subcategory: null,
        riskLevel: null,
        assessmentNote: null,
        status: openingStatus(input.source, input.lifeSafety),
        disputed: false,
        mergedInto: null,
        verifiedAt: null,
        autoCloseAt: null,
        updatedAt: input.reportedAt,
        sequence: 0,
      },
      true,
    );
    kase.record(null, kase.state.status, 'open', actor, input.reportedAt, null);
    return kase;
  }

  get id(): string {
    return this.state.id;
  }
  get status(): CaseStatus {
    return this.state.status;
  }
  get isFinal(): boolean {
    return FINAL_STATUSES.has(this.state.status);
  }

  screen(decision: ScreenDecision, reason: string, actor: StepActor, at: Date): void {
    if (this.state.source !== 'report') throw AppError.conflict("only a school's report is screened by the bureau");
    nextStatus(this.status, 'screen');
    this.record(this.status, SCREENED_TO[decision], 'screen', actor, at, reason);
  }

  assess(assessment: Assessment, actor: StepActor, at: Date): void {
    this.move('assess', actor, at, assessment.note ?? null);
    Object.assign(this.state, {
      category: assessment.category,
      subcategory: assessment.subcategory ?? null,
      severity: assessment.severity,
      riskLevel: assessment.riskLevel,
      assessmentNote: assessment.note ?? null,
    });
  }

  /** Checks that the case may be assigned now, before anything is computed for it. */
  assertCanAssign(): void {
    nextStatus(this.status, 'assign');
  }

  assign(severity: Severity, actor: StepActor, at: Date): void {
    this.move('assign', actor, at, null);
    this.state.severity = severity;
  }

  /** The lead unit reported for duty: the case moves on unless it already has. */
  leadAcknowledged(actor: StepActor, at: Date): void {
    if (this.status === 'ASSIGNED') this.move('acknowledge', actor, at, null);
  }

  /** The lead unit reported progress: the case is in progress from its first report. */
  leadStarted(actor: StepActor, at: Date, note: string): void {
    if (this.status === 'ASSIGNED' || this.status === 'ACKNOWLEDGED') this.move('start', actor, at, note);
    else this.note('progress', actor, at, note);
  }

  rectified(actor: StepActor, at: Date, summary: string): void {
    this.move('rectify', actor, at, summary);
  }

  /** A unit declined its task: back to the task force, which reassigns. */
  transferred(actor: StepActor, at: Date, reason: string): void {
    this.move('transfer', actor, at, reason);
  }

  verify(note: string, actor: StepActor, at: Date, autoCloseAt: Date): void {
    this.move('verify', actor, at, note);
    this.state.verifiedAt = at;
    this.state.autoCloseAt = autoCloseAt;
  }

  /** Verification failed: REOPENED, and at once ASSIGNED again to the same units with new deadlines. */
  reopen(reason: string, actor: StepActor, at: Date): void {
    this.move('reopen', actor, at, reason);
    this.move('assign', actor, at, reason);
    this.state.disputed = false;
    this.state.autoCloseAt = null;
  }

  confirm(actor: StepActor, at: Date): void {
    this.move('confirm', actor, at, null);
    this.state.autoCloseAt = null;
  }

  /** The school disagrees: back in the task force's queue for verification, flagged. */
  dispute(reason: string, actor: StepActor, at: Date): void {
    this.move('dispute', actor, at, reason);
    this.state.disputed = true;
    this.state.autoCloseAt = null;
  }

  /** A verified case the school left unanswered closes itself; false when it is not (or no longer) due. */
  autoClose(at: Date, actor: StepActor): boolean {
    if (this.status !== 'VERIFIED' || !this.state.autoCloseAt || this.state.autoCloseAt > at) return false;
    this.move('close', actor, at, 'no answer from the school');
    this.state.autoCloseAt = null;
    return true;
  }

  merge(into: Case, reason: string, actor: StepActor, at: Date): void {
    if (into.isFinal) throw AppError.conflict(`the case merged into is ${into.status}: it must still be open`);
    nextStatus(this.status, 'merge');
    if (into.state.mergedInto) throw AppError.conflict('the case merged into was itself merged');
    this.move('merge', actor, at, reason);
    this.state.mergedInto = into.id;
  }

  /** A step that leaves the status as it was, on the timeline. */
  note(command: string, actor: StepActor, at: Date, reason: string | null): void {
    this.timeline.push(entry(command, this.status, this.status, actor, at, reason));
  }

  private move(command: CaseCommand, actor: StepActor, at: Date, reason: string | null): void {
    this.record(this.status, nextStatus(this.status, command), command, actor, at, reason);
  }

  private record(
    from: CaseStatus | null,
    to: CaseStatus,
    command: string,
    actor: StepActor,
    at: Date,
    reason: string | null,
  ): void {
    this.state.status = to;
    this.state.updatedAt = at;
    this.state.sequence += 1;
    this.timeline.push(entry(command, from, to, actor, at, reason));
    this.changes.push({ from, to, command, at, sequence: this.state.sequence, actor });
  }
}

function entry(
  command: string,
  from: CaseStatus | null,
  to: CaseStatus,
  actor: StepActor,
  at: Date,
  reason: string | null,
): TimelineEntry {
  return { at, actorId: actor.id, actorRole: actor.role, command, from, to, reason };
}
