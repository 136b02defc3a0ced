import { Global, Module } from '@nestjs/common';
import { LifeSafetyTerms } from './life-safety-terms.service.js';
import { LifeSafetyRpc } from './life-safety.rpc.js';

@Global()
@Module({ controllers: [LifeSafetyRpc], providers: [LifeSafetyTerms], exports: [LifeSafetyTerms] })
export class LifeSafetyModule {}
