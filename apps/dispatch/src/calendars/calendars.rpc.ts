import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { CountyCalendars } from './calendars.service.js';

const { DispatchGetCalendar: Get, DispatchUpdateCalendar: Update, DispatchComputeDueDate: DueDate } = Routes;

/** Anyone signed in reads the calendar and asks for a due date (the console shows them); administrators load years. */
@Controller()
@UseGuards(AuthGuard)
export class CalendarsRpc {
  constructor(private readonly calendars: CountyCalendars) {}

  @OnRoute(Get)
  get(input: In<typeof Get>) {
    return this.calendars.get(input);
  }

  @OnRoute(Update)
  update(input: In<typeof Update>, actor: Actor) {
    return this.calendars.update(actor, input);
  }

  @OnRoute(DueDate)
  dueDate(input: In<typeof DueDate>) {
    return this.calendars.dueDate(input);
  }
}
