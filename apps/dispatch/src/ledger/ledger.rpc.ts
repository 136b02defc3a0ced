import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { LedgerQuery } from './ledger.query.js';

const { DispatchListLedger: List, DispatchLedgerCsv: Csv, DispatchLedgerXlsx: Xlsx } = Routes;

/** The ledger for people (`total` with each page) and for the gateway's exports (larger pages, no count). */
@Controller()
@UseGuards(AuthGuard)
export class LedgerRpc {
  constructor(private readonly ledger: LedgerQuery) {}

  @OnRoute(List)
  async list(input: In<typeof List>, actor: Actor) {
    const [page, total] = await Promise.all([this.ledger.page(actor, input), this.ledger.count(actor, input)]);
    return { ...page, total };
  }

  /** A page of an export: the gateway asks for them one after another and streams them out. */
  @OnRoute(Csv, Xlsx)
  exportPage(input: In<typeof Csv>, actor: Actor) {
    return this.ledger.page(actor, input);
  }
}
