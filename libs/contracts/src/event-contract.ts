import type { z } from 'zod';
import { EVENT_TYPE_PATTERN } from './envelope.js';

/** One versioned event: its type, version and payload schema. Consumers pin the version they read. */
export interface EventContract<Type extends string = string, Payload extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly version: number;
  readonly payload: Payload;
}

export type PayloadOf<C extends EventContract> = z.infer<C['payload']>;

export function defineEvent<const Type extends string, Payload extends z.ZodType>(
  type: Type,
  version: number,
  payload: Payload,
): EventContract<Type, Payload> {
  if (!EVENT_TYPE_PATTERN.test(type)) throw new Error(`event type ${type} must look like <service>.<entity>.<verb>`);
  return Object.freeze({ type, version, payload });
}
