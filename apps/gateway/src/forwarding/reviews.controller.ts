import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { bodyObject, Forwarder } from './forwarder.js';

/** Making a review and drawing its files do some work on purpose. */
const LONG_WORK = { timeoutMs: 60_000 };

const FILE = /^(.+)\.(pdf|docx)$/;

/** The biweekly risk review (每两周研判). */
@Controller('api/reviews/biweekly')
export class ReviewsController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post()
  @HttpCode(200)
  make(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    return this.forwarder.forward(
      request,
      reply,
      RpcPattern.DispatchMakeBiweeklyReview,
      body === undefined || body === null ? {} : bodyObject(body),
      LONG_WORK,
    );
  }

  /** `:periodStart` as JSON, or `:periodStart.pdf` / `.docx`: dispatch sends the file as base64, the bytes go out from here. */
  @Get(':file')
  async get(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('file') file: string,
  ) {
    const match = FILE.exec(file);
    if (!match) {
      return this.forwarder.forward(request, reply, RpcPattern.DispatchGetBiweeklyReview, {
        periodStart: file,
        format: 'json',
      });
    }
    const json = await this.forwarder.forward(
      request,
      reply,
      RpcPattern.DispatchGetBiweeklyReview,
      { periodStart: match[1], format: match[2] },
      LONG_WORK,
    );
    const sent = JSON.parse(json.toString('utf8')) as { contentType: string; filename: string; base64: string };
    if (typeof sent.base64 !== 'string') throw AppError.unavailable('dispatch answered no file');
    void reply.type(sent.contentType).header('content-disposition', `attachment; filename="${sent.filename}"`);
    return Buffer.from(sent.base64, 'base64');
  }
}
