import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/** Notify's API beyond the inbox list: unread count, read-all, deliveries, preferences, units' robots. */
@Controller('api')
export class NotifyController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get('inbox/unread-count')
  unreadCount(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifyUnreadCount, {});
  }

  @Post('inbox/read-all')
  @HttpCode(200)
  markAllRead(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifyMarkAllRead, {});
  }

  @Get('notifications/:id/deliveries')
  deliveries(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('id') id: string) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifyListDeliveries, { notificationId: id });
  }

  @Get('me/preferences')
  preferences(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifyGetPreferences, {});
  }

  @Put('me/preferences')
  updatePreferences(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifyUpdatePreferences, bodyObject(body));
  }

  @Put('units/:id/webhook')
  setUnitWebhook(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.NotifySetUnitWebhook, { ...bodyObject(body), unitId: id });
  }
}
