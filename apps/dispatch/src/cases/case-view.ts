import type { Case } from './case.entity.js';

export const caseView = (kase: Case) => ({
  id: kase.id,
  reference: kase.reference,
  schoolId: kase.schoolId,
  category: kase.category,
  severity: kase.severity,
  status: kase.status,
  reportedAt: kase.reportedAt.toISOString(),
  updatedAt: kase.updatedAt.toISOString(),
});
