import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RpcHeader } from '#libs/contracts';
import { RpcClient } from '#libs/messaging';

/**
 * Sends a command or query on to the owning service with the caller's token, which the service
 * verifies again before checking the caller's right to the object.
 */
@Injectable()
export class Forwarder {
  constructor(private readonly rpc: RpcClient) {}

  forward<T = unknown>(request: FastifyRequest, pattern: string, payload: unknown): Promise<T> {
    const idempotencyKey = request.headers[RpcHeader.IdempotencyKey];
    return this.rpc.request<T>(pattern, payload, {
      authorization: request.headers.authorization,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    });
  }
}

/** A JSON body that is an object, or an empty one; the service's schema does the real checking. */
export function bodyObject(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
