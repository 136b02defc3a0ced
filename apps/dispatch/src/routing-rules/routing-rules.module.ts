import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { RoutingRulesRpc } from './routing-rules.rpc.js';
import { RoutingRulesService } from './routing-rules.service.js';

@Module({ imports: [CasesModule], controllers: [RoutingRulesRpc], providers: [RoutingRulesService] })
export class RoutingRulesModule {}
