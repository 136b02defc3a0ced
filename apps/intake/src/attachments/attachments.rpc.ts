import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { RpcHeader, type RouteInput as In, Routes } from '#libs/contracts';
import { type BusRpcContext, OnRoute } from '#libs/messaging';
import { AttachmentsService } from './attachments.service.js';

const { IntakeUploadAttachment: Upload, IntakeDownloadAttachment: Download } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class AttachmentsRpc {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Public at the guard: a signed-in user's token or a tipster's code and secret, checked by the service. */
  @OnRoute(Upload)
  register(input: In<typeof Upload>, _actor: undefined, context: BusRpcContext) {
    return this.attachments.register(context.header(RpcHeader.Authorization), input);
  }

  @OnRoute(Download)
  open(input: In<typeof Download>, actor: Actor) {
    return this.attachments.open(actor, input.id);
  }
}
