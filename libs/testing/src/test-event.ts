import { randomUUID } from 'node:crypto';

/** An event envelope as a service would publish it, for a test to put on a stream itself. */
export const testEvent = (type: string, payload: Record<string, unknown>, version = 1, actorId = 'test') => ({
  id: randomUUID(),
  type,
  version,
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { kind: 'system', id: actorId },
  payload,
});
