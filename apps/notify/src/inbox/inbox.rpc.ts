import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor } from '#libs/auth';
import { listInboxRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { ListInboxQuery } from './list-inbox.query.js';

/** Every signed-in user reads only their own inbox. */
@Controller()
@UseGuards(AuthGuard)
export class InboxRpc {
  constructor(private readonly listInbox: ListInboxQuery) {}

  @OnRpc(RpcPattern.NotifyListInbox)
  list(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(listInboxRequest)) _input: object) {
    return this.listInbox.execute(actor);
  }
}
