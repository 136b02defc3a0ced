/** The case status change we hold: dispatch's sequence number for it (0: none yet) and its time. */
export interface HeldStatus {
  sequence: number;
  changedAt: Date | null;
}

/** A change as an event tells it; a v1 event has no sequence. */
export interface IncomingStatus {
  sequence: number | null;
  changedAt: Date;
}

/**
 * Whether an incoming status change replaces the one we hold. Dispatch numbers each case's changes
 * in the transaction that makes them, so the higher number is the later change whatever the clocks
 * of the processes that stamped `changedAt`. A v1 event (published before the numbering) is ordered
 * by its time, and only while we hold no numbered change: every numbered change came after it.
 */
export function supersedes(held: HeldStatus, incoming: IncomingStatus): boolean {
  if (incoming.sequence !== null) return incoming.sequence > held.sequence;
  if (held.sequence > 0) return false;
  return held.changedAt === null || held.changedAt.getTime() <= incoming.changedAt.getTime();
}

/**
 * The status each case ends with after a batch of changes, applied in the order they came: only
 * the cases whose held status some change supersedes, with what we then hold.
 */
export function settle(
  held: ReadonlyMap<string, HeldStatus>,
  changes: ReadonlyArray<IncomingStatus & { caseId: string; status: string }>,
): Map<string, HeldStatus & { status: string }> {
  const current = new Map<string, HeldStatus>(held);
  const winners = new Map<string, HeldStatus & { status: string }>();
  for (const change of changes) {
    const now = current.get(change.caseId);
    if (!now || !supersedes(now, change)) continue;
    const next = { sequence: change.sequence ?? now.sequence, changedAt: change.changedAt, status: change.status };
    current.set(change.caseId, next);
    winners.set(change.caseId, next);
  }
  return winners;
}
