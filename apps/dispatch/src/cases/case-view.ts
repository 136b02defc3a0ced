import type { CaseSource, CaseStatus, Category, Severity } from '#libs/contracts';

/** A case's row as lists read it. */
export interface CaseRow {
  id: string;
  reference: string;
  source: CaseSource;
  schoolId: string | null;
  category: Category;
  severity: Severity;
  status: CaseStatus;
  disputed: boolean;
  mergedInto: string | null;
  reportedAt: Date;
  updatedAt: Date;
}

export const caseView = (kase: CaseRow) => ({
  id: kase.id,
  reference: kase.reference,
  source: kase.source,
  schoolId: kase.schoolId,
  category: kase.category,
  severity: kase.severity,
  status: kase.status,
  disputed: kase.disputed,
  mergedInto: kase.mergedInto,
  reportedAt: kase.reportedAt.toISOString(),
  updatedAt: kase.updatedAt.toISOString(),
});
