import type { Appeal } from './grade-types.js';

/** Per quarter the appeal to show a school: the one awaiting a decision, else the one decided last. */
export function appealOfQuarter(appeals: readonly Appeal[]): Map<string, Appeal> {
  const byQuarter = new Map<string, Appeal>();
  for (const appeal of appeals) {
    const shown = byQuarter.get(appeal.quarter);
    const decidedLater = (appeal.decidedAt ?? '') > (shown?.decidedAt ?? '');
    if (!shown || (shown.decision !== null && (appeal.decision === null || decidedLater))) {
      byQuarter.set(appeal.quarter, appeal);
    }
  }
  return byQuarter;
}
