import type { OverviewStatsView, UnitStatsView } from '#libs/contracts';

/** `GET /api/stats/units` and `GET /api/stats/overview` as dispatch answers them (the routes' own views). */
export type UnitStatsAnswer = UnitStatsView;
export type UnitStats = UnitStatsView['items'][number];
export type OverviewAnswer = OverviewStatsView;

/** A share as a whole percentage, or a dash when nothing was judged. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** "L1 2 · L2 1" for the rungs fired, a dash for none. */
export const rungs = (escalations: Record<string, number>, word: (level: string) => string): string =>
  Object.entries(escalations)
    .map(([level, n]) => `${word(level)} ${n}`)
    .join(' · ') || '—';
