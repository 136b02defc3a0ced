import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcPattern } from '#libs/contracts';
import { LedgerExportService } from '../ledger-export/ledger-export.service.js';
import { Forwarder } from './forwarder.js';

/** The county's desk: the ledger (台账) and its exports, and the statistics. */
@Controller('api')
export class DeskController {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly exports: LedgerExportService,
  ) {}

  @Get('ledger')
  listLedger(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchListLedger, query);
  }

  @Get('ledger.csv')
  ledgerCsv(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.sendExport('csv', request, reply, query);
  }

  @Get('ledger.xlsx')
  ledgerXlsx(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.sendExport('xlsx', request, reply, query);
  }

  @Get('stats/units')
  unitStats(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchUnitStats, query);
  }

  @Get('stats/overview')
  overviewStats(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    return this.forwarder.forward(request, reply, RpcPattern.DispatchOverviewStats, query);
  }

  private async sendExport(
    format: 'csv' | 'xlsx',
    request: FastifyRequest,
    reply: FastifyReply,
    query: Record<string, unknown>,
  ) {
    const file = await this.exports.export(format, query, request.headers.authorization);
    return reply
      .header('content-type', file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="${file.asciiFileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .send(file.body);
  }
}
