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

/** Answers one request-reply pattern from `RpcPattern`. */
export const OnRpc = (pattern: string): MethodDecorator => MessagePattern(pattern, BUS_TRANSPORT);
