import { Inject, Injectable } from '@nestjs/common';
import { errors, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { RpcHeader, rpcSubject, type RpcErrorBody } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { currentContext } from '#libs/observability';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging-options.js';

export interface RpcCallOptions {
  authorization?: string;
  idempotencyKey?: string;
  timeoutMs?: number;
}

type RpcReply = { ok: true; data: unknown } | { ok: false; error: RpcErrorBody };

/**
 * Request-reply to a service. A service that is down or too slow becomes a 503 with a clear
 * message; a service's own error comes back as the AppError it threw.
 */
@Injectable()
export class RpcClient {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  async request<T>(pattern: string, payload: unknown, call: RpcCallOptions = {}): Promise<T> {
    const service = pattern.split('.')[0];
    const timeout = call.timeoutMs ?? this.options.config.RPC_TIMEOUT_MS;
    const headers = natsHeaders();
    headers.set(RpcHeader.CorrelationId, currentContext()?.correlationId ?? crypto.randomUUID());
    if (call.authorization) headers.set(RpcHeader.Authorization, call.authorization);
    if (call.idempotencyKey) headers.set(RpcHeader.IdempotencyKey, call.idempotencyKey);
    const data = JSON.stringify(payload ?? {});
    // NATS refuses a message over its max_payload; that is the caller's request being too big, not an outage.
    if (Buffer.byteLength(data) > (this.nats.info?.max_payload ?? 1024 * 1024) - 4096) {
      throw new AppError(413, 'payload_too_large', 'the request is too large');
    }
    let reply: RpcReply;
    try {
      const subject = rpcSubject(this.options.config.NATS_NAMESPACE, pattern);
      const msg = await this.nats.request(subject, data, { timeout, headers });
      reply = msg.json<RpcReply>();
    } catch (error) {
      if (isNoResponders(error))
        throw AppError.unavailable(`the ${service} service is not available; try again shortly`);
      if (isTimeout(error)) throw AppError.unavailable(`the ${service} service did not answer within ${timeout} ms`);
      throw AppError.unavailable(`the ${service} service could not be reached`);
    }
    if (!reply.ok) throw new AppError(reply.error.status, reply.error.error, reply.error.message, reply.error.field);
    return reply.data as T;
  }
}

function isNoResponders(error: unknown): boolean {
  return (
    error instanceof errors.NoRespondersError ||
    (error instanceof errors.RequestError && error.isNoResponders()) ||
    (error as Error | null)?.cause instanceof errors.NoRespondersError
  );
}

function isTimeout(error: unknown): boolean {
  return error instanceof errors.TimeoutError || (error as Error | null)?.cause instanceof errors.TimeoutError;
}
