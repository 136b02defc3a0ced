import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RpcHeader } from '#libs/contracts';
import { AppError } from '#libs/errors';
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

/** The request body, which must be a JSON object; the service's schema checks its fields. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw AppError.badRequest('the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
