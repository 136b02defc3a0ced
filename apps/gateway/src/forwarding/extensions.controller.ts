import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/** Extensions of a task's deadline: asked by its unit, decided by the task force. */
@Controller('api')
export class ExtensionsController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('tasks/:id/extensions')
  requestExtension(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchRequestExtension, {
      ...bodyObject(body),
      taskId: id,
    });
  }

  @Post('extensions/:id/decision')
  @HttpCode(200)
  decideExtension(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchDecideExtension, {
      ...bodyObject(body),
      extensionId: id,
    });
  }
}
