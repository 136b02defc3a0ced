import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcHeader } from '#libs/contracts';
import { RpcClient } from '#libs/messaging';

/**
 * Sends a command or query on to the owning service with the caller's token, which the service
 * verifies again before checking the caller's right to the object. The service's answer goes back
 * as the JSON text it wrote: parsing it here only to write it out again cost the gateway time.
 */
@Injectable()
export class Forwarder {
  constructor(private readonly rpc: RpcClient) {}

  /** `timeoutMs`: for the few calls that do long work on purpose (a quarterly run, a PDF); else RPC_TIMEOUT_MS. */
  async forward(
    request: FastifyRequest,
    reply: FastifyReply,
    pattern: string,
    payload: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<Buffer> {
    const idempotencyKey = request.headers[RpcHeader.IdempotencyKey];
    const json = await this.rpc.requestJson(pattern, payload, {
      authorization: request.headers.authorization,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      timeoutMs: options.timeoutMs,
    });
    void reply.type('application/json; charset=utf-8');
    return json;
  }
}
