import { get, type Page } from '../api.js';

/**
 * The API has no list of a school's own reports yet (only `GET /api/whistle-reports/:id`), so the
 * console remembers the ids of reports filed in this browser (ids only, per user) and adds the cases
 * the school was notified about (`case-update` in its inbox).
 */
const keyOf = (userId: string) => `cw.reports.${userId}`;

export function rememberReport(userId: string, id: string): void {
  const ids = rememberedReports(userId).filter((known) => known !== id);
  localStorage.setItem(keyOf(userId), JSON.stringify([id, ...ids].slice(0, 200)));
}

export function rememberedReports(userId: string): string[] {
  try {
    const ids: unknown = JSON.parse(localStorage.getItem(keyOf(userId)) ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export async function myReportIds(userId: string): Promise<string[]> {
  const notified = await get<Page<{ caseId: string | null }>>('/api/inbox?kind=case-update&limit=200');
  const ids = [...rememberedReports(userId), ...notified.items.map((item) => item.caseId)];
  return [...new Set(ids.filter((id): id is string => !!id))];
}
