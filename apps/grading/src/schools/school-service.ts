/**
 * A retired school (the directory's `retiredAt`) is graded in every quarter it was in service for at
 * least a part of, the quarter of its retirement included, and in none that begins after: its
 * inspections and cases up to then still count, and no later quarter lists it.
 */
export function gradedIn(retiredAt: Date | null, quarterStart: Date): boolean {
  return retiredAt === null || retiredAt.getTime() > quarterStart.getTime();
}

/** An inspection is of a school in service: one dated from its retirement on is refused. */
export function inspectableAt(retiredAt: Date | null, at: Date): boolean {
  return retiredAt === null || at.getTime() < retiredAt.getTime();
}
