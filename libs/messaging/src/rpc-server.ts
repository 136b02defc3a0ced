import {
  headers as natsHeaders,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { RpcHeader, rpcSubject } from '#libs/contracts';
import { errorBodyOf, errorSummary } from '#libs/errors';
import { metrics, rpcOutcome, runInContext, type Logger } from '#libs/observability';
import { OK_REPLY_PREFIX } from './rpc-client.js';

/** One request-reply pattern's handler: the parsed request, its headers and subject, the answer. */
export type RpcHandler = (payload: unknown, headers: MsgHdrs | undefined, subject: string) => Promise<unknown>;

/**
 * Answers request-reply on `<ns>.rpc.<pattern>` in a queue group named after the service, so the
 * service's processes share the load. Every reply is `{ok, data}` or `{ok: false, error}` in the
 * one error shape; the correlation id travels back in a header.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nats: NatsConnection,
    private readonly namespace: string,
    private readonly queue: string,
    private readonly log: Logger,
  ) {}

  bind(pattern: string, handler: RpcHandler): void {
    const subscription = this.nats.subscribe(rpcSubject(this.namespace, pattern), {
      queue: this.queue,
      callback: (error, msg) => {
        if (error) return this.log.error({ err: errorSummary(error), pattern }, 'rpc subscription failed');
        void this.answer(pattern, handler, msg);
      },
    });
    this.subscriptions.push(subscription);
  }

  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions.length = 0;
  }

  private async answer(pattern: string, handler: RpcHandler, msg: Msg): Promise<void> {
    const correlationId = msg.headers?.get(RpcHeader.CorrelationId) || crypto.randomUUID();
    const started = performance.now();
    await runInContext({ correlationId }, async () => {
      let reply: string;
      let status = 200;
      try {
        const payload: unknown = msg.data.length > 0 ? msg.json() : {};
        const data: unknown = await handler(payload, msg.headers, msg.subject);
        // Exactly this prefix, which lets the gateway pass the data on without parsing it (RpcClient).
        reply = `${OK_REPLY_PREFIX}${JSON.stringify(data ?? null)}}`;
      } catch (error) {
        const body = errorBodyOf(error);
        status = body.status;
        if (body.status >= 500) this.log.error({ pattern, err: errorSummary(error) }, 'rpc handler failed');
        reply = JSON.stringify({ ok: false, error: body });
      }
      const headers = natsHeaders();
      headers.set(RpcHeader.CorrelationId, correlationId);
      msg.respond(reply, { headers });
      metrics.rpcServed(pattern, rpcOutcome(status), (performance.now() - started) / 1000);
    });
  }
}
