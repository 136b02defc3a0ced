import { DateTime } from 'luxon';

/**
 * The county's calendar year of an instant, which numbers references. Luxon's time-zone arithmetic
 * runs when an instant falls outside the year last seen, not for every report.
 */
export class CountyYear {
  private year = 0;
  private from = Number.POSITIVE_INFINITY;
  private until = Number.NEGATIVE_INFINITY;

  constructor(private readonly zone: string) {}

  of(at: Date): number {
    const ms = at.getTime();
    if (ms < this.from || ms >= this.until) {
      const start = DateTime.fromMillis(ms, { zone: this.zone }).startOf('year');
      this.year = start.year;
      this.from = start.toMillis();
      this.until = start.plus({ years: 1 }).toMillis();
    }
    return this.year;
  }
}
