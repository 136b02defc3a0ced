import { createRequire } from 'node:module';
import type { CalendarYear } from './working-time.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const VERSION = (require('chinese-days/package.json') as { version: string }).version;

/** Where seeded years come from, as stored with each year. */
export const CHINESE_DAYS_SOURCE = `chinese-days@${VERSION} (国务院办公厅节假日安排)`;

/**
 * The State Council's holiday notices as the `chinese-days` package keeps them, by year. Read as
 * the package's ISO date strings, never through a `Date`, so the server's own zone cannot shift a day.
 */
export function chineseDaysCalendars(): Map<number, CalendarYear> {
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const years = new Map<number, { offDays: string[]; workdays: string[] }>();
  const add = (date: string, list: 'offDays' | 'workdays') => {
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) years.set(year, { offDays: [], workdays: [] });
    years.get(year)![list].push(date);
  };
  for (const date of Object.keys(data.holidays)) add(date, 'offDays');
  for (const date of Object.keys(data.workdays)) add(date, 'workdays');
  for (const year of years.values()) {
    year.offDays.sort();
    year.workdays.sort();
  }
  return years;
}
