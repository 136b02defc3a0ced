import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Public, Roles } from '#libs/auth';
import {
  addTipsterMessageRequest,
  followUpTipRequest,
  getTipRequest,
  listTipsRequest,
  postTipMessageRequest,
  RpcPattern,
  submitTipRequest,
  triageTipRequest,
} from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { StaffTipsUseCase } from './staff-tips.use-case.js';
import { type SubmitTip, SubmitTipUseCase } from './submit-tip.use-case.js';
import { TipsterThreadUseCase } from './tipster-thread.use-case.js';
import { type TriageTip, TriageTipUseCase } from './triage-tip.use-case.js';

/** The 110 mailbox: three public handlers for the tipster (no token), the rest for the task force. */
@Controller()
@UseGuards(AuthGuard)
export class TipsRpc {
  constructor(
    private readonly submitTip: SubmitTipUseCase,
    private readonly tipster: TipsterThreadUseCase,
    private readonly staff: StaffTipsUseCase,
    private readonly triage: TriageTipUseCase,
  ) {}

  @OnRpc(RpcPattern.IntakeSubmitTip)
  @Public()
  submit(@Payload(new ZodValidationPipe(submitTipRequest)) input: SubmitTip) {
    return this.submitTip.execute(input);
  }

  @OnRpc(RpcPattern.IntakeFollowUpTip)
  @Public()
  followUp(@Payload(new ZodValidationPipe(followUpTipRequest)) input: z.infer<typeof followUpTipRequest>) {
    return this.tipster.followUp(input.trackingCode, input.secret);
  }

  @OnRpc(RpcPattern.IntakeAddTipsterMessage)
  @Public()
  addMessage(
    @Payload(new ZodValidationPipe(addTipsterMessageRequest)) input: z.infer<typeof addTipsterMessageRequest>,
  ) {
    return this.tipster.addMessage(input.trackingCode, input.secret, input.text, input.attachmentIds);
  }

  @OnRpc(RpcPattern.IntakeListTips)
  @Roles('taskforce_dispatcher', 'supervisor')
  list(@Payload(new ZodValidationPipe(listTipsRequest)) input: z.infer<typeof listTipsRequest>) {
    return this.staff.list(input);
  }

  @OnRpc(RpcPattern.IntakeGetTip)
  @Roles('taskforce_dispatcher', 'supervisor')
  get(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(getTipRequest)) input: { id: string }) {
    return this.staff.get(actor, input.id);
  }

  @OnRpc(RpcPattern.IntakePostTipMessage)
  @Roles('taskforce_dispatcher')
  postMessage(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(postTipMessageRequest)) input: z.infer<typeof postTipMessageRequest>,
  ) {
    return this.staff.postMessage(actor, input.id, input.text);
  }

  @OnRpc(RpcPattern.IntakeTriageTip)
  @Roles('taskforce_dispatcher')
  triageTip(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(triageTipRequest)) input: TriageTip) {
    return this.triage.execute(actor, input);
  }
}
