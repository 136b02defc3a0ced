import type { LedgerRow } from '#libs/contracts';

/**
 * The desk's words as the API speaks them (libs/contracts/src/vocabulary.ts on the server), kept
 * beside the screens that use them, as `vocabulary.ts` keeps the case lists (values the browser
 * needs at run time; types come from the contracts themselves).
 */
export const CASE_SOURCES = ['report', 'tip', 'inspection', 'supervision'] as const;
export const TIERS = ['demonstration', 'compliant', 'non-compliant'] as const;

/** The deadline an overdue row owes: the acknowledgement until the unit reports for duty, then the rectification. */
export function owedDeadline(row: LedgerRow): { deadline: 'ack' | 'rectify'; dueAt: string | null } {
  return row.acknowledgedAt === null
    ? { deadline: 'ack', dueAt: row.ackDueAt }
    : { deadline: 'rectify', dueAt: row.rectifyDueAt };
}
