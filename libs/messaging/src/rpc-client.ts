import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  createInbox,
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { inboxPrefix, RpcHeader, rpcSubject, type RpcErrorBody } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { currentContext, metrics, rpcOutcome } from '#libs/observability';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging-options.js';

export interface RpcCallOptions {
  authorization?: string;
  idempotencyKey?: string;
  timeoutMs?: number;
}

type RpcReply = { ok: true; data: unknown } | { ok: false; error: RpcErrorBody };

interface Pending {
  resolve: (msg: Msg) => void;
  reject: (error: AppError) => void;
  timer: NodeJS.Timeout;
}

/** How every successful reply begins (see RpcServer), so that its data can be passed on unparsed. */
export const OK_REPLY_PREFIX = '{"ok":true,"data":';
const OK_PREFIX_BYTES = Buffer.from(OK_REPLY_PREFIX);

/**
 * Request-reply to a service. A service that is down or too slow becomes a 503 with a clear
 * message; a service's own error comes back as the AppError it threw.
 *
 * Replies come back on one inbox subscription shared by all requests (`<inbox>.<n>`), with one
 * timer each: the client's own `request()` builds two error objects with stack traces per call
 * for its messages, which the gateway's profile showed at a tenth of a forwarded request.
 */
@Injectable()
export class RpcClient implements OnModuleDestroy {
  private readonly pending = new Map<string, Pending>();
  private inbox?: string;
  private replies?: Subscription;
  private sequence = 0;
  private readonly declared?: ReadonlySet<string>;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {
    if (options.calls) this.declared = new Set(options.calls);
  }

  /** The reply's data, parsed. */
  async request<T>(pattern: string, payload: unknown, call: RpcCallOptions = {}): Promise<T> {
    return this.timed(pattern, async () => dataOf(await this.send(pattern, payload, call)) as T);
  }

  /**
   * The reply's data as the JSON text the service wrote, for passing straight on to an HTTP caller
   * without parsing it and writing it out again.
   */
  async requestJson(pattern: string, payload: unknown, call: RpcCallOptions = {}): Promise<Buffer> {
    return this.timed(pattern, () => this.passOn(pattern, payload, call));
  }

  private async passOn(pattern: string, payload: unknown, call: RpcCallOptions): Promise<Buffer> {
    const msg = await this.send(pattern, payload, call);
    const data = msg.data;
    const okPrefix =
      data.length > OK_PREFIX_BYTES.length &&
      data[data.length - 1] === 0x7d && // '}'
      OK_PREFIX_BYTES.every((byte, index) => data[index] === byte);
    if (okPrefix) return Buffer.from(data.subarray(OK_PREFIX_BYTES.length, data.length - 1));
    return Buffer.from(JSON.stringify(dataOf(msg)));
  }

  /** Times a call for the client-side RPC histogram; a timeout or a service away counts as unavailable. */
  private async timed<T>(pattern: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let status = 200;
    try {
      return await call();
    } catch (error) {
      status = error instanceof AppError ? error.status : 500;
      throw error;
    } finally {
      metrics.rpcCalled(pattern, rpcOutcome(status), (performance.now() - started) / 1000);
    }
  }

  onModuleDestroy(): void {
    this.replies?.unsubscribe();
    for (const [, pending] of this.pending) clearTimeout(pending.timer);
    this.pending.clear();
  }

  private send(pattern: string, payload: unknown, call: RpcCallOptions): Promise<Msg> {
    const service = pattern.split('.')[0];
    if (this.declared && !this.declared.has(pattern)) {
      // A bug (a 500, logged): the manifest, hence the service's broker user, lacks this call.
      return Promise.reject(new Error(`${this.options.service} calls ${pattern}, which its manifest does not declare`));
    }
    const timeout = call.timeoutMs ?? this.options.config.RPC_TIMEOUT_MS;
    const headers = natsHeaders();
    headers.set(RpcHeader.CorrelationId, currentContext()?.correlationId ?? crypto.randomUUID());
    if (call.authorization) headers.set(RpcHeader.Authorization, call.authorization);
    if (call.idempotencyKey) headers.set(RpcHeader.IdempotencyKey, call.idempotencyKey);
    const data = JSON.stringify(payload ?? {});
    // NATS refuses a message over its max_payload; that is the caller's request being too big, not an outage.
    if (Buffer.byteLength(data) > (this.nats.info?.max_payload ?? 1024 * 1024) - 4096) {
      return Promise.reject(new AppError(413, 'payload_too_large', 'the request is too large'));
    }
    const token = String((this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER));
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(AppError.unavailable(`the ${service} service did not answer within ${timeout} ms`));
      }, timeout);
      this.pending.set(token, {
        timer,
        reject,
        resolve: (msg) => {
          // The server's own answer when nobody listens on the subject: a 503 status without a body.
          if (msg.data.length === 0 && msg.headers?.code === 503) {
            reject(AppError.unavailable(`the ${service} service is not available; try again shortly`));
          } else resolve(msg);
        },
      });
      try {
        const subject = rpcSubject(this.options.config.NATS_NAMESPACE, pattern);
        this.nats.publish(subject, data, { reply: `${this.replyInbox()}.${token}`, headers });
      } catch {
        clearTimeout(timer);
        this.pending.delete(token);
        reject(AppError.unavailable(`the ${service} service could not be reached`));
      }
    });
  }

  private replyInbox(): string {
    if (!this.inbox) {
      const inbox = createInbox(inboxPrefix(this.options.config.NATS_NAMESPACE, this.options.service));
      this.replies = this.nats.subscribe(`${inbox}.*`, {
        callback: (error, msg) => {
          if (error) return;
          const pending = this.pending.get(msg.subject.slice(inbox.length + 1));
          if (!pending) return; // late, after its timeout
          this.pending.delete(msg.subject.slice(inbox.length + 1));
          clearTimeout(pending.timer);
          pending.resolve(msg);
        },
      });
      this.inbox = inbox;
    }
    return this.inbox;
  }
}

function dataOf(msg: Msg): unknown {
  let reply: RpcReply;
  try {
    reply = msg.json<RpcReply>();
  } catch {
    throw AppError.unavailable('a service gave an answer that could not be read');
  }
  if (!reply.ok) throw new AppError(reply.error.status, reply.error.error, reply.error.message, reply.error.field);
  return reply.data;
}
