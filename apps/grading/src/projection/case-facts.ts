/**
 * What grading keeps of a case, merged from the events of one batch before the upsert: one row per
 * case in a statement (Postgres refuses to update a row twice in one `ON CONFLICT DO UPDATE`), with
 * the same rules the upsert applies against the row already held.
 */
export interface CaseOpening {
  caseId: string;
  schoolId: string;
  source: string;
  category: string;
  lifeSafety: boolean;
  openedAt: string;
  /** The status it opened in, and its sequence (0 when the opening did not say: `CaseOpened` v1). */
  status: string | null;
  statusSequence: number;
}

export interface CaseStatusFact {
  caseId: string;
  schoolId: string;
  status: string;
  sequence: number;
  /** When the case opened, if this change opened it. */
  openedAt: string | null;
  /** When the case closed, if this change closed it. */
  closedAt: string | null;
}

/** Per case: the first source, category and status told, at risk if any said so, the earliest opening. */
export function mergeOpenings(openings: readonly CaseOpening[]): CaseOpening[] {
  const merged = new Map<string, CaseOpening>();
  for (const opening of openings) {
    const held = merged.get(opening.caseId);
    merged.set(
      opening.caseId,
      held
        ? {
            ...held,
            ...(held.status === null ? { status: opening.status, statusSequence: opening.statusSequence } : {}),
            lifeSafety: held.lifeSafety || opening.lifeSafety,
            openedAt: Date.parse(opening.openedAt) < Date.parse(held.openedAt) ? opening.openedAt : held.openedAt,
          }
        : opening,
    );
  }
  return [...merged.values()];
}

/** Per case: the status of the highest sequence; the first opening and closing told. */
export function mergeStatusFacts(facts: readonly CaseStatusFact[]): CaseStatusFact[] {
  const merged = new Map<string, CaseStatusFact>();
  for (const fact of facts) {
    const held = merged.get(fact.caseId);
    if (!held) {
      merged.set(fact.caseId, fact);
      continue;
    }
    const later = fact.sequence > held.sequence ? fact : held;
    merged.set(fact.caseId, {
      ...later,
      openedAt: held.openedAt ?? fact.openedAt,
      closedAt: held.closedAt ?? fact.closedAt,
    });
  }
  return [...merged.values()];
}
