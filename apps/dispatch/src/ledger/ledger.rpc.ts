import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { ledgerExportPageRequest, listLedgerRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { LEDGER_ROLES } from './ledger-scope.js';
import { LedgerQuery } from './ledger.query.js';

type In<S extends z.ZodType> = z.infer<S>;

/** The ledger for people (`total` with each page) and for the gateway's exports (larger pages, no count). */
@Controller()
@UseGuards(AuthGuard)
export class LedgerRpc {
  constructor(private readonly ledger: LedgerQuery) {}

  @OnRpc(RpcPattern.DispatchListLedger)
  @Roles(...LEDGER_ROLES)
  async list(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(listLedgerRequest)) input: In<typeof listLedgerRequest>,
  ) {
    const [page, total] = await Promise.all([this.ledger.page(actor, input), this.ledger.count(actor, input)]);
    return { ...page, total };
  }

  @OnRpc(RpcPattern.DispatchExportLedgerPage)
  @Roles(...LEDGER_ROLES)
  exportPage(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(ledgerExportPageRequest)) input: In<typeof ledgerExportPageRequest>,
  ) {
    return this.ledger.page(actor, input);
  }
}
