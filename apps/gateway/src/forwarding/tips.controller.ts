import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '#libs/auth';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/**
 * The 110 mailbox and the intake routes around it. The tipster's three routes need no token; the
 * forwarder passes on no address, user agent or forwarding header (only the token, when there is one),
 * and the access log records none of them.
 */
@Controller('api')
export class TipsController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('tips')
  @Public()
  submitTip(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeSubmitTip, bodyObject(body));
  }

  @Post('tips/follow-up')
  @Public()
  @HttpCode(200)
  followUp(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeFollowUpTip, bodyObject(body));
  }

  @Post('tips/follow-up/messages')
  @Public()
  addTipsterMessage(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeAddTipsterMessage, bodyObject(body));
  }

  @Get('tips')
  listTips(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeListTips, query);
  }

  @Get('tips/:id')
  getTip(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('id') id: string) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeGetTip, { id });
  }

  @Post('tips/:id/messages')
  postTipMessage(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakePostTipMessage, { ...bodyObject(body), id });
  }

  @Post('tips/:id/triage')
  @HttpCode(200)
  triageTip(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeTriageTip, { ...bodyObject(body), id });
  }

  @Get('life-safety-terms')
  getLifeSafetyTerms(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeGetLifeSafetyTerms, {});
  }

  @Put('life-safety-terms')
  setLifeSafetyTerms(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeSetLifeSafetyTerms, bodyObject(body));
  }

  @Get('taxonomy')
  taxonomy(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeGetTaxonomy, {});
  }

  @Post('whistle-reports/:id/messages')
  postReportMessage(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakePostReportMessage, { ...bodyObject(body), id });
  }

  @Get('cases/:id/duplicates')
  listDuplicates(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeListDuplicates, { caseId: id });
  }

  @Post('cases/:id/duplicates/:otherId/dismiss')
  @HttpCode(200)
  dismissDuplicate(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') id: string,
    @Param('otherId') otherId: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.IntakeDismissDuplicate, { caseId: id, otherId });
  }
}
