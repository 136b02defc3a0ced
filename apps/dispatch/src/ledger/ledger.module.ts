import { Module } from '@nestjs/common';
import { LedgerQuery } from './ledger.query.js';
import { LedgerRpc } from './ledger.rpc.js';

@Module({ controllers: [LedgerRpc], providers: [LedgerQuery] })
export class LedgerModule {}
