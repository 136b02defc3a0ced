import { COUNTY_TIMEZONE } from './time.js';

/** The county's wall clock at an instant: `{year, month, day, hour, minute, second}`. */
function wallClock(instant: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: COUNTY_TIMEZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Now on the county's wall clock as a `datetime-local` input writes it: `2026-10-12T09:30`. */
export function countyLocalNow(now = Date.now()): string {
  const c = wallClock(now);
  return `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/** Today's date in the county: `2026-10-12`. */
export const countyToday = (now = Date.now()): string => countyLocalNow(now).slice(0, 10);

/**
 * The instant a county wall-clock time (`2026-10-12T09:30`, as a `datetime-local` input gives it)
 * means, whatever the browser's zone: ISO-8601 in UTC.
 */
export function countyInstant(local: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second = 0] = time.split(':').map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // The zone's offset at that moment; asked twice, so a time next to an offset change lands right.
  const offsetAt = (instant: number) => {
    const c = wallClock(instant);
    return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - instant;
  };
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first)).toISOString();
}
