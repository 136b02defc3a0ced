import { Controller, UseGuards } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Public } from '#libs/auth';
import { openAttachmentRequest, registerAttachmentRequest, RpcHeader, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { BusRpcContext, OnRpc } from '#libs/messaging';
import { AttachmentsService } from './attachments.service.js';

@Controller()
@UseGuards(AuthGuard)
export class AttachmentsRpc {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Public at the guard: a signed-in user's token or a tipster's code and secret, checked by the service. */
  @OnRpc(RpcPattern.IntakeRegisterAttachment)
  @Public()
  register(
    @Payload(new ZodValidationPipe(registerAttachmentRequest)) input: z.infer<typeof registerAttachmentRequest>,
    @Ctx() context: BusRpcContext,
  ) {
    return this.attachments.register(context.header(RpcHeader.Authorization), input);
  }

  @OnRpc(RpcPattern.IntakeOpenAttachment)
  open(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(openAttachmentRequest)) input: { id: string }) {
    return this.attachments.open(actor, input.id);
  }
}
