import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { DecideExtensionUseCase } from './decide-extension.use-case.js';
import { ExtensionsRpc } from './extensions.rpc.js';
import { RequestExtensionUseCase } from './request-extension.use-case.js';

@Module({
  imports: [DeadlinesModule],
  controllers: [ExtensionsRpc],
  providers: [RequestExtensionUseCase, DecideExtensionUseCase],
})
export class ExtensionsModule {}
