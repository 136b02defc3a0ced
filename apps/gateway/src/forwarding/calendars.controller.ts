import { Body, Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/** Working time: the county calendar, due dates, per-category SLA windows and the escalation policy. */
@Controller('api')
export class CalendarsController {
  constructor(private readonly forwarder: Forwarder) {}

  // Before `calendars/:year`, which would otherwise take "due-date" for a year.
  @Get('calendars/due-date')
  dueDate(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchComputeDueDate, query);
  }

  @Get('calendars/:year')
  getCalendar(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('year') year: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchGetCalendar, { year });
  }

  @Put('calendars/:year')
  updateCalendar(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('year') year: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchUpdateCalendar, { ...bodyObject(body), year });
  }

  @Put('sla-policies/:severity/:category')
  updateSlaPolicyOverride(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('severity') severity: string,
    @Param('category') category: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchUpdateSlaPolicyOverride, {
      ...bodyObject(body),
      severity,
      category,
    });
  }

  @Get('escalation-policy')
  getEscalationPolicy(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchGetEscalationPolicy, {});
  }

  @Put('escalation-policy')
  updateEscalationPolicy(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchUpdateEscalationPolicy, bodyObject(body));
  }
}
