import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { EventContract } from '#libs/contracts';
import { BUS_TRANSPORT } from './bus-transport.js';

/*
 * Nest 12 types its pattern decorators against `(data, ...args: unknown[])`, which rejects a typed
 * @Ctx() parameter; these wrappers keep the runtime behaviour and bind to the bus transport only.
 */

/** Handles one subscribed event, delivered at least once and applied once (see BusTransport). */
export const OnEvent = (contract: EventContract): MethodDecorator =>
  EventPattern(contract.type, BUS_TRANSPORT) as unknown as MethodDecorator;

/**
 * Handles a batch of one subscribed event at once, set-based: the payloads (`@Payload()`, an array)
 * and the envelopes (`@Ctx() BusEventBatchContext`), in one transaction with their inbox rows.
 * If the batch fails, its events are delivered again one by one, so the handler must also take one.
 */
export const OnEvents = (contract: EventContract): MethodDecorator =>
  EventPattern(contract.type, BUS_TRANSPORT, { batch: true }) as unknown as MethodDecorator;

/** Answers one request-reply pattern from `RpcPattern`. */
export const OnRpc = (pattern: string): MethodDecorator => MessagePattern(pattern, BUS_TRANSPORT);
