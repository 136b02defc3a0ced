import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { computeDueDateRequest, getCalendarRequest, RpcPattern, updateCalendarRequest } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type ComputeDueDate, CountyCalendars, type GetCalendar, type UpdateCalendar } from './calendars.service.js';

/** Anyone signed in reads the calendar and asks for a due date (the console shows them); administrators load years. */
@Controller()
@UseGuards(AuthGuard)
export class CalendarsRpc {
  constructor(private readonly calendars: CountyCalendars) {}

  @OnRpc(RpcPattern.DispatchGetCalendar)
  get(@Payload(new ZodValidationPipe(getCalendarRequest)) input: GetCalendar) {
    return this.calendars.get(input);
  }

  @OnRpc(RpcPattern.DispatchUpdateCalendar)
  @Roles('administrator')
  update(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(updateCalendarRequest)) input: UpdateCalendar) {
    return this.calendars.update(actor, input);
  }

  @OnRpc(RpcPattern.DispatchComputeDueDate)
  dueDate(@Payload(new ZodValidationPipe(computeDueDateRequest)) input: ComputeDueDate) {
    return this.calendars.dueDate(input);
  }
}
