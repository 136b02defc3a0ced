import type { DeadlineKind, TaskRole } from '#libs/contracts';
import { AppError } from '#libs/errors';

export type TaskStatus =
  'ASSIGNED' | 'ACKNOWLEDGED' | 'IN_PROGRESS' | 'FEEDBACK_GIVEN' | 'RECTIFIED' | 'DECLINED' | 'SUPERSEDED';

export type TaskCommand = 'acknowledge' | 'progress' | 'feedback' | 'rectify' | 'decline';

/** What a task's unit may send it, by status and role. */
const ALLOWED: Record<TaskStatus, Record<TaskRole, TaskCommand[]>> = {
  ASSIGNED: { lead: ['acknowledge', 'decline'], assisting: ['acknowledge', 'decline'] },
  ACKNOWLEDGED: { lead: ['progress', 'rectify', 'decline'], assisting: ['progress', 'feedback', 'decline'] },
  IN_PROGRESS: { lead: ['progress', 'rectify', 'decline'], assisting: ['progress', 'feedback', 'decline'] },
  FEEDBACK_GIVEN: { lead: [], assisting: [] },
  RECTIFIED: { lead: [], assisting: [] },
  DECLINED: { lead: [], assisting: [] },
  SUPERSEDED: { lead: [], assisting: [] },
};

export interface TaskState {
  id: string;
  caseId: string;
  unitId: string;
  role: TaskRole;
  status: TaskStatus;
  ackDueAt: Date;
  rectifyDueAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  progressNote: string | null;
  feedbackAt: Date | null;
  feedbackSummary: string | null;
  rectifiedAt: Date | null;
  rectifySummary: string | null;
  evidence: string[];
  declinedAt: Date | null;
  declineReason: string | null;
  createdAt: Date;
}

/** A deadline to start or stop, applied through the deadline scheduler when the task is saved. */
export type DeadlineChange =
  | { start: true; taskId: string; kind: DeadlineKind; startAt: Date; dueAt: Date }
  | { start: false; taskId: string; kinds: DeadlineKind[] };

export class IllegalTaskStepError extends AppError {
  constructor(status: TaskStatus, role: TaskRole, command: TaskCommand) {
    const allowed = ALLOWED[status][role];
    super(
      409,
      'illegal_transition',
      `a ${role} task that is ${status} cannot be sent "${command}"; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
    );
  }
}

/**
 * One unit's share of a case: it reports for duty by its acknowledgement deadline, then the lead
 * unit rectifies by its rectification deadline while assisting units give their feedback.
 */
export class Task {
  readonly deadlineChanges: DeadlineChange[] = [];
  private dirty = false;

  private constructor(
    readonly state: TaskState,
    readonly isNew: boolean,
  ) {}

  static restore(state: TaskState): Task {
    return new Task({ ...state, evidence: [...state.evidence] }, false);
  }

  static assign(input: {
    id: string;
    caseId: string;
    unitId: string;
    role: TaskRole;
    at: Date;
    ackDueAt: Date;
    rectifyDueAt: Date;
  }): Task {
    const task = new Task(
      {
        id: input.id,
        caseId: input.caseId,
        unitId: input.unitId,
        role: input.role,
        status: 'ASSIGNED',
        ackDueAt: input.ackDueAt,
        rectifyDueAt: input.rectifyDueAt,
        acknowledgedAt: null,
        acknowledgedBy: null,
        progressNote: null,
        feedbackAt: null,
        feedbackSummary: null,
        rectifiedAt: null,
        rectifySummary: null,
        evidence: [],
        declinedAt: null,
        declineReason: null,
        createdAt: input.at,
      },
      true,
    );
    task.deadlineChanges.push(
      { start: true, taskId: input.id, kind: 'ack', startAt: input.at, dueAt: input.ackDueAt },
      { start: true, taskId: input.id, kind: 'rectify', startAt: input.at, dueAt: input.rectifyDueAt },
    );
    return task;
  }

  get id(): string {
    return this.state.id;
  }
  get status(): TaskStatus {
    return this.state.status;
  }
  get changed(): boolean {
    return this.isNew || this.dirty;
  }
  /** Still the unit's task on the case (not declined, not replaced by a new assignment). */
  get active(): boolean {
    return this.state.status !== 'DECLINED' && this.state.status !== 'SUPERSEDED';
  }
  /** An assisting unit that still owes its feedback. */
  get awaitingFeedback(): boolean {
    return this.active && this.state.role === 'assisting' && this.state.status !== 'FEEDBACK_GIVEN';
  }

  acknowledge(userId: string, at: Date): void {
    // Kept from the first release: clients read this message.
    if (this.status !== 'ASSIGNED' && this.active && this.state.acknowledgedAt) {
      throw AppError.conflict('this task has already been acknowledged');
    }
    this.check('acknowledge');
    this.update({ status: 'ACKNOWLEDGED', acknowledgedAt: at, acknowledgedBy: userId });
    this.stop(['ack']);
  }

  progress(note: string): void {
    this.check('progress');
    this.update({ status: 'IN_PROGRESS', progressNote: note });
  }

  feedback(summary: string, at: Date): void {
    if (this.state.role !== 'assisting' && this.active) {
      throw AppError.conflict('the lead unit reports with "rectify"; feedback is for assisting units');
    }
    this.check('feedback');
    this.update({ status: 'FEEDBACK_GIVEN', feedbackAt: at, feedbackSummary: summary });
    this.stop(['rectify']);
  }

  rectify(summary: string, evidence: string[], at: Date): void {
    if (this.state.role !== 'lead' && this.active) {
      throw AppError.conflict('only the lead unit rectifies; an assisting unit gives "feedback"');
    }
    this.check('rectify');
    this.update({ status: 'RECTIFIED', rectifiedAt: at, rectifySummary: summary, evidence: [...evidence] });
    this.stop(['rectify']);
  }

  decline(reason: string, at: Date): void {
    this.check('decline');
    this.update({ status: 'DECLINED', declinedAt: at, declineReason: reason });
    this.stop(['ack', 'rectify']);
  }

  /**
   * Another assignment left this unit out, or the case ended: its deadlines can no longer fire. A
   * task whose work is done keeps its status, for the record.
   */
  supersede(): void {
    if (!this.active) return;
    if (this.status !== 'RECTIFIED' && this.status !== 'FEEDBACK_GIVEN') this.update({ status: 'SUPERSEDED' });
    this.stop(['ack', 'rectify']);
  }

  /** A new assignment kept this unit, possibly in another role. */
  changeRole(role: TaskRole): void {
    if (this.state.role !== role) this.update({ role });
  }

  /** Verification failed: the unit works on it again, by a new rectification deadline. */
  reopen(at: Date, rectifyDueAt: Date): void {
    if (!this.active) return;
    const onDuty = this.state.acknowledgedAt !== null;
    this.update({
      status: onDuty ? 'ACKNOWLEDGED' : 'ASSIGNED',
      rectifyDueAt,
      rectifiedAt: null,
      rectifySummary: null,
      feedbackAt: null,
      feedbackSummary: null,
    });
    this.deadlineChanges.push({ start: true, taskId: this.id, kind: 'rectify', startAt: at, dueAt: rectifyDueAt });
  }

  /** The case ended (closed, merged): whatever deadline is left stops. */
  caseEnded(): void {
    this.stop(['ack', 'rectify']);
  }

  private check(command: TaskCommand): void {
    if (!ALLOWED[this.status][this.state.role].includes(command)) {
      throw new IllegalTaskStepError(this.status, this.state.role, command);
    }
  }

  private update(changes: Partial<TaskState>): void {
    Object.assign(this.state, changes);
    this.dirty = true;
  }

  private stop(kinds: DeadlineKind[]): void {
    this.deadlineChanges.push({ start: false, taskId: this.id, kinds });
  }
}
