import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { CalendarSeeder } from './calendar-seeder.js';
import { CalendarsRpc } from './calendars.rpc.js';
import { CountyCalendars } from './calendars.service.js';

@Module({
  imports: [DeadlinesModule],
  controllers: [CalendarsRpc],
  providers: [CountyCalendars, CalendarSeeder],
  exports: [CountyCalendars],
})
export class CalendarsModule {}
