import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { bodyObject, Forwarder } from './forwarder.js';

/** A quarterly run of a whole county and a bulletin's PDF do long work on purpose. */
const LONG_WORK = { timeoutMs: 120_000 };

/** The grading API: inspections, checklists, rubrics, the quarterly gradings, appeals and bulletins. */
@Controller('api')
export class GradingController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('inspections')
  recordInspection(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingRecordInspection, bodyObject(body));
  }

  @Get('inspections')
  listInspections(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingListInspections, query);
  }

  @Get('schools/:id/checklist/:term')
  getChecklist(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') schoolId: string,
    @Param('term') term: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingGetChecklist, { schoolId, term });
  }

  @Put('schools/:id/checklist/:term')
  putChecklist(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') schoolId: string,
    @Param('term') term: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingPutChecklist, {
      ...bodyObject(body),
      schoolId,
      term,
    });
  }

  @Get('schools/:id/grades')
  schoolGrades(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') schoolId: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingListSchoolGrades, { ...query, schoolId });
  }

  @Get('rubrics/:version')
  getRubric(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('version') version: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingGetRubric, { version });
  }

  /** A new version; no version is ever edited. */
  @Put('rubrics')
  @HttpCode(201)
  putRubric(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingPutRubric, bodyObject(body));
  }

  @Post('gradings')
  @HttpCode(200)
  runGrading(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingRunGrading, bodyObject(body), LONG_WORK);
  }

  @Get('gradings/:quarter')
  getGrading(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('quarter') quarter: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingGetGrading, { ...query, quarter });
  }

  @Post('gradings/:quarter/publish')
  @HttpCode(200)
  publishGrading(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('quarter') quarter: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingPublishGrading, { quarter }, LONG_WORK);
  }

  @Post('gradings/:quarter/schools/:id/appeals')
  fileAppeal(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('quarter') quarter: string,
    @Param('id') schoolId: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingFileAppeal, {
      ...bodyObject(body),
      quarter,
      schoolId,
    });
  }

  @Post('appeals/:id/decision')
  @HttpCode(200)
  decideAppeal(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id') appealId: string,
    @Body() body: unknown,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingDecideAppeal, { ...bodyObject(body), appealId });
  }

  @Get('gradings/:quarter/bulletin.json')
  bulletinJson(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('quarter') quarter: string,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.GradingGetBulletin, { quarter, format: 'json' });
  }

  /** NATS replies are JSON: grading sends the PDF as base64, and the bytes go out from here. */
  @Get('gradings/:quarter/bulletin.pdf')
  async bulletinPdf(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('quarter') quarter: string,
  ) {
    const json = await this.forwarder.forward(
      request,
      reply,
      RpcPattern.GradingGetBulletin,
      { quarter, format: 'pdf' },
      LONG_WORK,
    );
    const file = JSON.parse(json.toString('utf8')) as { contentType: string; filename: string; base64: string };
    void reply.type(file.contentType).header('content-disposition', `inline; filename="${file.filename}"`);
    return Buffer.from(file.base64, 'base64');
  }
}
