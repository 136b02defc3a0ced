import { Controller, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Routes } from '#libs/contracts';
import { LedgerExportService } from '../ledger-export/ledger-export.service.js';
import { HttpRoute } from '../routes/http-route.js';

const { DispatchLedgerCsv: Csv, DispatchLedgerXlsx: Xlsx } = Routes;

/** The ledger's (台账) exports: streamed from pages dispatch answers one after another. */
@Controller()
export class DeskController {
  constructor(private readonly exports: LedgerExportService) {}

  @HttpRoute(Csv)
  ledgerCsv(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.sendExport('csv', request, reply, query);
  }

  @HttpRoute(Xlsx)
  ledgerXlsx(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Record<string, unknown>) {
    return this.sendExport('xlsx', request, reply, query);
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
