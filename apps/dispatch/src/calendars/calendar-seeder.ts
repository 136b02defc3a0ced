import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CountyCalendars } from './calendars.service.js';
import { CHINESE_DAYS_SOURCE, chineseDaysCalendars } from './chinese-days-calendars.js';

/**
 * At boot, every year the kept library holds and the county does not have yet is loaded (a year
 * an administrator has already put stays as it is), and deadlines that waited for it are recomputed.
 */
@Injectable()
export class CalendarSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CountyCalendars,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const known = new Set(
      (await this.dataSource.query<Array<{ year: number }>>('SELECT year FROM dispatch.county_calendars')).map(
        (row) => row.year,
      ),
    );
    for (const [year, calendar] of chineseDaysCalendars()) {
      if (known.has(year)) continue;
      // Only if absent: another process booting at the same time may have loaded it first.
      await this.calendars.store(year, calendar.offDays, calendar.workdays, CHINESE_DAYS_SOURCE, null, true);
    }
  }
}
