import { IANAZone } from 'luxon';

const HOUR_MS = 3_600_000;
/** Cached offsets per zone; a bound, as a ledger spans some thousands of hours. */
const MAX_CACHED_HOURS = 100_000;
const offsets = new Map<string, { zone: IANAZone; byHour: Map<number, number> }>();

/**
 * The zone's offset from UTC (ms) at an instant. Asked of luxon once per hour of the ledger, not per
 * cell: an export formats six times a row, and a luxon DateTime per cell was most of what the
 * gateway allocated and kept (the CSV export grew it by ~120 MB). An hour whose two ends have the
 * same offset has it throughout (offsets change at most once an hour); one with a change in it is
 * asked per instant.
 */
function offsetMsAt(zoneName: string, ms: number): number {
  let cached = offsets.get(zoneName);
  if (!cached) offsets.set(zoneName, (cached = { zone: IANAZone.create(zoneName), byHour: new Map() }));
  const { zone, byHour } = cached;
  const hour = Math.floor(ms / HOUR_MS);
  let offset = byHour.get(hour);
  if (offset === undefined) {
    const start = zone.offset(hour * HOUR_MS);
    offset = start === zone.offset(hour * HOUR_MS + HOUR_MS - 1) ? start : NaN;
    if (byHour.size >= MAX_CACHED_HOURS) byHour.clear();
    byHour.set(hour, offset);
  }
  return (Number.isNaN(offset) ? zone.offset(ms) : offset) * 60_000;
}

/** An instant as the county's wall-clock time (`yyyy-MM-dd HH:mm:ss`), as the people who read the ledger count it. */
export function countyTime(iso: string | null, zone: string): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  const wall = new Date(ms + offsetMsAt(zone, ms)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 19)}`;
}
