import { z } from 'zod';
import { SERVICES, type ServiceName } from './vocabulary.js';

export const actorSchema = z.object({
  kind: z.enum(['user', 'system']),
  /** A user id, or the name of the service acting on its own (a timer, a seed). */
  id: z.string().min(1).max(64),
});
export type EventActor = z.infer<typeof actorSchema>;

/** `<service>.<entity>.<verb>`, all lower-case kebab words. */
export const EVENT_TYPE_PATTERN = new RegExp(`^(${SERVICES.join('|')})\\.[a-z][a-z-]*\\.[a-z][a-z-]*$`);

/** The one envelope every event travels in. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN, 'must look like <service>.<entity>.<verb>'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
  actor: actorSchema,
  payload: z.unknown(),
});
export type EventEnvelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };

export function producerOf(type: string): ServiceName {
  const service = type.split('.')[0] as ServiceName;
  if (!SERVICES.includes(service)) throw new Error(`event type ${type} names no known service`);
  return service;
}
