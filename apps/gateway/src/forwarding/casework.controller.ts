import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/** The casework API: thin routes over the owning services' request-reply handlers. */
@Controller('api')
export class CaseworkController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('whistle-reports')
  submitWhistleReport(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeSubmitWhistleReport, bodyObject(body));
  }

  @Get('whistle-reports/:id')
  getWhistleReport(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeGetWhistleReport, { id });
  }

  @Get('cases')
  listCases(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchListCases, query);
  }

  @Post('cases/:id/assign')
  @HttpCode(200)
  assignCase(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchAssignCase, { ...bodyObject(body), caseId: id });
  }

  @Get('tasks')
  listTasks(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchListTasks, query);
  }

  @Post('tasks/:id/acknowledge')
  @HttpCode(200)
  acknowledgeTask(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchAcknowledgeTask, { taskId: id });
  }

  @Get('sla-policies')
  listSlaPolicies(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchListSlaPolicies, query);
  }

  @Put('sla-policies/:severity')
  updateSlaPolicy(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('severity') severity: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchUpdateSlaPolicy, {
      ...bodyObject(body),
      severity,
    });
  }

  @Get('inbox')
  inbox(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifyListInbox, query);
  }

  @Post('inbox/:id/read')
  @HttpCode(200)
  markNotificationRead(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifyMarkNotificationRead, { notificationId: id });
  }
}
