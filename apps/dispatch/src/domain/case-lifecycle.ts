import type { CaseSource, CaseStatus } from '#libs/contracts';
import { AppError } from '#libs/errors';

/**
 * Commands that move a case through the closed loop (discover → assess → assign → control →
 * feedback), named as the routes that send them; `transfer` and `close` come from a unit's decline
 * and from a verified case left unanswered.
 */
export type CaseCommand =
  | 'screen'
  | 'assess'
  | 'assign'
  | 'acknowledge'
  | 'start'
  | 'rectify'
  | 'verify'
  | 'reopen'
  | 'confirm'
  | 'dispute'
  | 'close'
  | 'transfer'
  | 'merge';

/** Commands only the system sends: never offered to a caller as a way forward. */
const SYSTEM_COMMANDS = new Set<CaseCommand>(['close', 'transfer', 'acknowledge', 'start']);

/** A case may be merged into another until its rectification is reported. */
const MERGEABLE = { merge: 'MERGED' } as const;

/**
 * From each status, the commands allowed and where they lead. Anything not listed is refused.
 * `screen` leads to FORWARDED, CLOSED or REJECTED by its decision; `rectify` from ASSIGNED is the
 * lead unit of a reopened case, whose units are already on duty.
 */
const TRANSITIONS: Readonly<Record<CaseStatus, Partial<Record<CaseCommand, CaseStatus>>>> = {
  REPORTED: { screen: 'FORWARDED', assess: 'ASSESSED', assign: 'ASSIGNED', ...MERGEABLE },
  FORWARDED: { assess: 'ASSESSED', assign: 'ASSIGNED', ...MERGEABLE },
  ASSESSED: { assess: 'ASSESSED', assign: 'ASSIGNED', ...MERGEABLE },
  ASSIGNED: {
    acknowledge: 'ACKNOWLEDGED',
    start: 'IN_PROGRESS',
    rectify: 'RECTIFIED',
    transfer: 'TRANSFERRED',
    ...MERGEABLE,
  },
  ACKNOWLEDGED: { start: 'IN_PROGRESS', rectify: 'RECTIFIED', transfer: 'TRANSFERRED', ...MERGEABLE },
  IN_PROGRESS: { rectify: 'RECTIFIED', transfer: 'TRANSFERRED', ...MERGEABLE },
  RECTIFIED: { verify: 'VERIFIED', reopen: 'REOPENED' },
  VERIFIED: { confirm: 'CLOSED', dispute: 'RECTIFIED', close: 'CLOSED', reopen: 'REOPENED' },
  REOPENED: { assign: 'ASSIGNED' },
  TRANSFERRED: { assign: 'ASSIGNED', transfer: 'TRANSFERRED', ...MERGEABLE },
  CLOSED: {},
  REJECTED: {},
  MERGED: {},
};

/** Where a new case starts: a school's report waits for the bureau's screen; the rest go straight to the task force. */
export function openingStatus(source: CaseSource, lifeSafety: boolean): CaseStatus {
  return source === 'report' && !lifeSafety ? 'REPORTED' : 'FORWARDED';
}

export class IllegalTransitionError extends AppError {
  constructor(from: CaseStatus, command: CaseCommand) {
    const allowed = allowedCommands(from);
    super(
      409,
      'illegal_transition',
      `a case that is ${from} cannot be sent "${command}"; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
    );
  }
}

export function nextStatus(from: CaseStatus, command: CaseCommand): CaseStatus {
  const to = TRANSITIONS[from][command];
  if (!to) throw new IllegalTransitionError(from, command);
  return to;
}

/** What a caller may send a case in this status (the system's own steps left out). */
export function allowedCommands(from: CaseStatus): CaseCommand[] {
  return (Object.keys(TRANSITIONS[from]) as CaseCommand[]).filter((command) => !SYSTEM_COMMANDS.has(command));
}

export const FINAL_STATUSES: ReadonlySet<CaseStatus> = new Set(['CLOSED', 'REJECTED', 'MERGED']);
