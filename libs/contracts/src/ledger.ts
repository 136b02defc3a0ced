import { z } from 'zod';
import { cursorTimestamp, pageRequestShape } from './paging.js';
import { caseSourceSchema, caseStatusSchema, categorySchema, severitySchema } from './vocabulary.js';

/*
 * The county's desk: the ledger (台账) of every case with its responsible units, and the statistics
 * per unit and for the county. The filters are validated here so the JSON list, the exports and the
 * statistics refuse the same bad input with the same 400 naming the field.
 */

const id = z.uuid({ message: 'must be a UUID' });
const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true');

/**
 * One end of a period: a county date (`2026-11-01`, the whole day in the county's zone) or an instant
 * with its offset. `from` is inclusive, `to` exclusive for an instant and inclusive for a date.
 */
export const periodBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  message: 'must be a date such as 2026-11-01 or an ISO-8601 instant with its offset',
});

/** The ledger's filters; `from`/`to` bound the time the case was reported. */
export const ledgerFilterShape = {
  status: caseStatusSchema.optional(),
  unitId: id.optional(),
  schoolId: id.optional(),
  category: categorySchema.optional(),
  source: caseSourceSchema.optional(),
  severity: severitySchema.optional(),
  /** Rows whose task owes a step past its deadline (`true`), or none (`false`). */
  overdue: flag.optional(),
  from: periodBound.optional(),
  to: periodBound.optional(),
};

/**
 * The ledger's sort key: newest case first (time reported, case id), then its lead task before the
 * assisting ones (1 for the lead, 0 otherwise), then the task id (a nil UUID for a case without a task).
 */
export const ledgerKey = z.tuple([cursorTimestamp, z.uuid(), z.union([z.literal(0), z.literal(1)]), z.uuid()]);
export type LedgerKey = z.infer<typeof ledgerKey>;

export const listLedgerRequest = z.strictObject({ ...ledgerFilterShape, ...pageRequestShape(ledgerKey) });

/** The largest page an export asks for: larger than a person's list, so 100k rows are 100 round trips. */
export const LEDGER_EXPORT_PAGE_MAX = 1000;

/** A page for the gateway's CSV/XLSX exports: the same filters, bigger pages, and no total. */
export const ledgerExportPageRequest = z.strictObject({
  ...ledgerFilterShape,
  cursor: pageRequestShape(ledgerKey).cursor,
  limit: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\d{1,4}$/, 'must be a whole number')
        .transform(Number),
    ])
    .pipe(z.number().int().min(1).max(LEDGER_EXPORT_PAGE_MAX))
    .default(LEDGER_EXPORT_PAGE_MAX),
});

/** One row of the ledger: a case and one responsible unit's task (no unit when none is assigned yet). */
export interface LedgerRow {
  caseId: string;
  reference: string;
  reportedAt: string;
  schoolId: string | null;
  schoolName: string | null;
  category: string;
  severity: string;
  source: string;
  caseStatus: string;
  taskId: string | null;
  unitId: string | null;
  unitName: string | null;
  role: 'lead' | 'assisting' | null;
  taskStatus: string | null;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  rectifyDueAt: string | null;
  rectifiedAt: string | null;
  overdue: boolean;
  /** The latest extension asked for this task: pending, approved or refused; null when none. */
  extensionStatus: string | null;
  extensionDueAt: string | null;
  extensionsAsked: number;
}

export interface LedgerPage {
  items: LedgerRow[];
  nextCursor: string | null;
}

/** The period of a statistic: `from` defaults to 90 days before `to`, `to` to now. */
export const statsPeriodRequest = z.strictObject({ from: periodBound.optional(), to: periodBound.optional() });
