import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/** A command on a case or a task: its id from the path, the rest from the body. */
const CASE_COMMANDS = {
  screen: RpcPattern.DispatchScreenCase,
  assess: RpcPattern.DispatchAssessCase,
  verify: RpcPattern.DispatchVerifyCase,
  reopen: RpcPattern.DispatchReopenCase,
  confirm: RpcPattern.DispatchConfirmCase,
  dispute: RpcPattern.DispatchDisputeCase,
  merge: RpcPattern.DispatchMergeCase,
} as const;

const TASK_COMMANDS = {
  progress: RpcPattern.DispatchReportTaskProgress,
  feedback: RpcPattern.DispatchGiveTaskFeedback,
  rectify: RpcPattern.DispatchRectifyTask,
  decline: RpcPattern.DispatchDeclineTask,
} as const;

/** The command is the route's last segment (`/api/cases/:id/screen`). */
const commandOf = (request: FastifyRequest) => request.routeOptions.url?.split('/').pop() ?? '';

/** A body that may be absent (confirm): an empty object then. */
const optionalBody = (body: unknown) => (body === undefined || body === null ? {} : bodyObject(body));

/** The closed loop: screen, assess, verify, reopen, confirm, dispute, merge; unit steps; routing rules. */
@Controller('api')
export class LoopController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get('cases/:id')
  getCase(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('id') id: string) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchGetCase, { caseId: id });
  }

  @Post(Object.keys(CASE_COMMANDS).map((command) => `cases/:id/${command}`))
  @HttpCode(200)
  caseCommand(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const pattern = CASE_COMMANDS[commandOf(request) as keyof typeof CASE_COMMANDS];
    return this.forwarder.forward(request, reply, pattern, { ...optionalBody(body), caseId: id });
  }

  @Post(Object.keys(TASK_COMMANDS).map((command) => `tasks/:id/${command}`))
  @HttpCode(200)
  taskCommand(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const pattern = TASK_COMMANDS[commandOf(request) as keyof typeof TASK_COMMANDS];
    return this.forwarder.forward(request, reply, pattern, { ...bodyObject(body), taskId: id });
  }

  @Get('routing-rules')
  listRoutingRules(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchListRoutingRules, query);
  }

  /** The body is the array of rules itself. */
  @Put('routing-rules')
  replaceRoutingRules(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchReplaceRoutingRules, {
      rules: Array.isArray(body) ? body : bodyObject(body).rules,
    });
  }
}
