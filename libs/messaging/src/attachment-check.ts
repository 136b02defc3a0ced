import { Injectable } from '@nestjs/common';
import { type AttachmentTarget, RpcHeader, ServiceRpcPattern } from '#libs/contracts';
import type { BusRpcContext } from './bus-context.js';
import { RpcClient } from './rpc-client.js';

/**
 * Asks intake, with the caller's own token, whether the attachment ids a command names are the
 * caller's uploads (`intake.attachment.check`): a 400 naming the field comes back as it was thrown.
 * Called by dispatch and grading before their transaction, so a command is refused at the door
 * rather than committed with ids intake will then ignore. Intake links the files when the command's
 * event arrives; nothing reads intake's tables but intake.
 */
@Injectable()
export class AttachmentCheck {
  constructor(private readonly rpc: RpcClient) {}

  async assertOwn(
    context: BusRpcContext,
    kind: AttachmentTarget,
    fields: Record<string, readonly string[] | undefined>,
  ): Promise<void> {
    const named = Object.entries(fields).filter((entry): entry is [string, string[]] => (entry[1]?.length ?? 0) > 0);
    if (named.length === 0) return;
    await this.rpc.request(
      ServiceRpcPattern.IntakeCheckAttachments,
      { kind, fields: Object.fromEntries(named) },
      { authorization: context.header(RpcHeader.Authorization) },
    );
  }
}
