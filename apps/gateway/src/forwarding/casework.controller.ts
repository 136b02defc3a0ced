import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/** The casework API: thin routes over the owning services' request-reply handlers. */
@Controller('api')
export class CaseworkController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('whistle-reports')
  submitWhistleReport(@Req() request: FastifyRequest, @Body() body: unknown) {
    return this.forwarder.forward(request, RpcPattern.IntakeSubmitWhistleReport, bodyObject(body));
  }

  @Get('whistle-reports/:id')
  getWhistleReport(@Req() request: FastifyRequest, @Param('id') id: string) {
    return this.forwarder.forward(request, RpcPattern.IntakeGetWhistleReport, { id });
  }

  @Get('cases')
  listCases(@Req() request: FastifyRequest, @Query() query: Record<string, unknown>) {
    return this.forwarder.forward(request, RpcPattern.DispatchListCases, query);
  }

  @Post('cases/:id/assign')
  @HttpCode(200)
  assignCase(@Req() request: FastifyRequest, @Param('id') id: string, @Body() body: unknown) {
    return this.forwarder.forward(request, RpcPattern.DispatchAssignCase, { ...bodyObject(body), caseId: id });
  }

  @Get('tasks')
  listTasks(@Req() request: FastifyRequest, @Query() query: Record<string, unknown>) {
    return this.forwarder.forward(request, RpcPattern.DispatchListTasks, query);
  }

  @Post('tasks/:id/acknowledge')
  @HttpCode(200)
  acknowledgeTask(@Req() request: FastifyRequest, @Param('id') id: string) {
    return this.forwarder.forward(request, RpcPattern.DispatchAcknowledgeTask, { taskId: id });
  }

  @Get('sla-policies')
  listSlaPolicies(@Req() request: FastifyRequest, @Query() query: Record<string, unknown>) {
    return this.forwarder.forward(request, RpcPattern.DispatchListSlaPolicies, query);
  }

  @Put('sla-policies/:severity')
  updateSlaPolicy(@Req() request: FastifyRequest, @Param('severity') severity: string, @Body() body: unknown) {
    return this.forwarder.forward(request, RpcPattern.DispatchUpdateSlaPolicy, { ...bodyObject(body), severity });
  }

  @Get('inbox')
  inbox(@Req() request: FastifyRequest, @Query() query: Record<string, unknown>) {
    return this.forwarder.forward(request, RpcPattern.NotifyListInbox, query);
  }

  @Post('inbox/:id/read')
  @HttpCode(200)
  markNotificationRead(@Req() request: FastifyRequest, @Param('id') id: string) {
    return this.forwarder.forward(request, RpcPattern.NotifyMarkNotificationRead, { notificationId: id });
  }
}
