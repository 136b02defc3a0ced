import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { EventContract, PayloadOf } from '#libs/contracts';
import { BUS_TRANSPORT } from './bus-transport.js';

/*
 * Nest 12 types its pattern decorators against `(data, ...args: unknown[])`, which rejects a typed
 * @Ctx() parameter; these wrappers keep the runtime behaviour and bind to the bus transport only.
 */

export interface OnEventOptions<Payload = unknown> {
  /**
   * How long an event may wait for others to share its transaction (see GatheringQueue): for
   * handlers nobody waits on, such as projections and notifications; 0 (the default) for a step
   * on the way to an answer someone waits for.
   */
  gatherMs?: number;
  /**
   * The events this handler acts on, judged by the payload alone. The others are acked without a
   * transaction or an inbox row: handling them would change nothing, so there is nothing to keep once.
   */
  when?: (payload: Payload) => boolean;
}

/**
 * The gathering of a handler nobody waits on: at a steady few hundred events a second its events
 * share transactions, and no person notices 25 ms.
 */
export const PROJECTION_GATHER_MS = 25;

/** Handles one subscribed event, delivered at least once and applied once (see BusTransport). */
export const OnEvent = <C extends EventContract>(
  contract: C,
  options: OnEventOptions<PayloadOf<C>> = {},
): MethodDecorator => EventPattern(contract.type, BUS_TRANSPORT, { ...options }) as unknown as MethodDecorator;

/**
 * Handles a batch of one subscribed event at once, set-based: the payloads (`@Payload()`, an array)
 * and the envelopes (`@Ctx() BusEventBatchContext`), in one transaction with their inbox rows.
 * If the batch fails, its events are delivered again one by one, so the handler must also take one.
 */
export const OnEvents = <C extends EventContract>(
  contract: C,
  options: OnEventOptions<PayloadOf<C>> = {},
): MethodDecorator =>
  EventPattern(contract.type, BUS_TRANSPORT, { ...options, batch: true }) as unknown as MethodDecorator;

/** Answers one request-reply pattern from `RpcPattern`. */
export const OnRpc = (pattern: string): MethodDecorator => MessagePattern(pattern, BUS_TRANSPORT);
