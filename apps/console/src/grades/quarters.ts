import { COUNTY_TIMEZONE } from '../shared/time.js';

/** Calendar quarters in the county's zone, as grading names them (`2026-Q4`). */
export function quarterOf(now: Date): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', {
    timeZone: COUNTY_TIMEZONE,
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .split('-')
    .map(Number);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** This quarter and the `count - 1` before it, newest first (a quarter not yet begun cannot be graded). */
export function recentQuarters(now: Date, count: number): string[] {
  const [year, q] = quarterOf(now).split('-Q').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const n = year * 4 + (q - 1) - index;
    return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
  });
}
