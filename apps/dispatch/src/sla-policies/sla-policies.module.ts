import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SlaPoliciesRpc } from './sla-policies.rpc.js';
import { SlaPolicies } from './sla-policies.service.js';
import { SlaPolicy } from './sla-policy.entity.js';

@Module({ imports: [TypeOrmModule.forFeature([SlaPolicy])], controllers: [SlaPoliciesRpc], providers: [SlaPolicies] })
export class SlaPoliciesModule {}
