import type { CaseStatus } from '#libs/contracts';
import { AppError } from '#libs/errors';

/** Commands that move a case through the closed loop (discover → assess → assign → control → feedback). */
export type CaseCommand =
  | 'assess'
  | 'assign'
  | 'acknowledge'
  | 'start'
  | 'rectify'
  | 'verify'
  | 'close'
  | 'reject'
  | 'reopen'
  | 'transfer'
  | 'merge';

/** From each status, the commands allowed and where they lead. Anything not listed is refused. */
const TRANSITIONS: Readonly<Record<CaseStatus, Partial<Record<CaseCommand, CaseStatus>>>> = {
  REPORTED: { assess: 'ASSESSED', assign: 'ASSIGNED', reject: 'REJECTED', merge: 'MERGED' },
  // The issue for the full loop adds the bureau's screen; until then nothing leads here.
  FORWARDED: {},
  ASSESSED: { assign: 'ASSIGNED', reject: 'REJECTED', merge: 'MERGED' },
  ASSIGNED: { acknowledge: 'ACKNOWLEDGED', transfer: 'TRANSFERRED' },
  ACKNOWLEDGED: { start: 'IN_PROGRESS', rectify: 'RECTIFIED' },
  IN_PROGRESS: { rectify: 'RECTIFIED' },
  RECTIFIED: { verify: 'VERIFIED', reopen: 'REOPENED' },
  VERIFIED: { close: 'CLOSED' },
  REOPENED: { assign: 'ASSIGNED' },
  TRANSFERRED: { assign: 'ASSIGNED' },
  CLOSED: {},
  REJECTED: {},
  MERGED: {},
};

export class IllegalTransitionError extends AppError {
  constructor(from: CaseStatus, command: CaseCommand) {
    super(409, 'illegal_transition', `a case that is ${from} cannot be sent "${command}"`);
  }
}

export function nextStatus(from: CaseStatus, command: CaseCommand): CaseStatus {
  const to = TRANSITIONS[from][command];
  if (!to) throw new IllegalTransitionError(from, command);
  return to;
}

export function allowedCommands(from: CaseStatus): CaseCommand[] {
  return Object.keys(TRANSITIONS[from]) as CaseCommand[];
}
