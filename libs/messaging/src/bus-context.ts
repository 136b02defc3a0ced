import { BaseRpcContext } from '@nestjs/microservices';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '#libs/contracts';

/** Context of a request-reply call: its headers (authorization, correlation, idempotency). */
export class BusRpcContext extends BaseRpcContext<[string, MsgHdrs | undefined]> {
  get subject(): string {
    return this.args[0];
  }
  header(name: string): string | undefined {
    return this.args[1]?.get(name) || undefined;
  }
}

/**
 * Context of an event delivery: the validated envelope and the transaction in which the
 * handler must make its changes (the inbox row commits with them).
 */
export class BusEventContext extends BaseRpcContext<[EventEnvelope, EntityManager]> {
  get envelope(): EventEnvelope {
    return this.args[0];
  }
  get manager(): EntityManager {
    return this.args[1];
  }
}

/** Context of a set-based handler (`@OnEvents`): the batch's new events, in order, and their transaction. */
export class BusEventBatchContext extends BaseRpcContext<[readonly EventEnvelope[], EntityManager]> {
  get envelopes(): readonly EventEnvelope[] {
    return this.args[0];
  }
  get manager(): EntityManager {
    return this.args[1];
  }
}
