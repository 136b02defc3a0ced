import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor } from '#libs/auth';
import { checkAttachmentsRequest, RpcHeader, type RouteInput as In, Routes, ServiceRpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { type BusRpcContext, OnRoute, OnRpc } from '#libs/messaging';
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

  /** Dispatch and grading, on behalf of their signed-in caller, before they attach files (see the request). */
  @OnRpc(ServiceRpcPattern.IntakeCheckAttachments)
  check(
    @Payload(new ZodValidationPipe(checkAttachmentsRequest)) input: z.infer<typeof checkAttachmentsRequest>,
    @CurrentActor() actor: Actor,
  ) {
    return this.attachments.check(actor, input);
  }
}
