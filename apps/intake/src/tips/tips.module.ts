import { Module } from '@nestjs/common';
import { ReferenceSequence } from '../whistle-reports/reference-sequence.js';
import { StaffTipsUseCase } from './staff-tips.use-case.js';
import { SubmitTipUseCase } from './submit-tip.use-case.js';
import { TipEscalation } from './tip-escalation.js';
import { TipGate } from './tip-gate.js';
import { Threads } from './tip-thread.js';
import { TipsterThreadUseCase } from './tipster-thread.use-case.js';
import { TipsRpc } from './tips.rpc.js';
import { TriageTipUseCase } from './triage-tip.use-case.js';

@Module({
  controllers: [TipsRpc],
  providers: [
    SubmitTipUseCase,
    TipsterThreadUseCase,
    StaffTipsUseCase,
    TriageTipUseCase,
    TipEscalation,
    TipGate,
    Threads,
    ReferenceSequence,
  ],
  exports: [Threads, TipGate],
})
export class TipsModule {}
