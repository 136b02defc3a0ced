import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { StaffTipsUseCase } from './staff-tips.use-case.js';
import { SubmitTipUseCase } from './submit-tip.use-case.js';
import { TipsterThreadUseCase } from './tipster-thread.use-case.js';
import { TriageTipUseCase } from './triage-tip.use-case.js';

const {
  IntakeSubmitTip: Submit,
  IntakeFollowUpTip: FollowUp,
  IntakeAddTipsterMessage: AddMessage,
  IntakeListTips: List,
  IntakeGetTip: Get,
  IntakePostTipMessage: PostMessage,
  IntakeTriageTip: Triage,
} = Routes;

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

  @OnRoute(Submit)
  submit(input: In<typeof Submit>) {
    return this.submitTip.execute(input);
  }

  @OnRoute(FollowUp)
  followUp(input: In<typeof FollowUp>) {
    return this.tipster.followUp(input.trackingCode, input.secret);
  }

  @OnRoute(AddMessage)
  addMessage(input: In<typeof AddMessage>) {
    return this.tipster.addMessage(input.trackingCode, input.secret, input.text, input.attachmentIds);
  }

  @OnRoute(List)
  list(input: In<typeof List>) {
    return this.staff.list(input);
  }

  @OnRoute(Get)
  get(input: In<typeof Get>, actor: Actor) {
    return this.staff.get(actor, input.id);
  }

  @OnRoute(PostMessage)
  postMessage(input: In<typeof PostMessage>, actor: Actor) {
    return this.staff.postMessage(actor, input.id, input.text);
  }

  @OnRoute(Triage)
  triageTip(input: In<typeof Triage>, actor: Actor) {
    return this.triage.execute(actor, input);
  }
}
