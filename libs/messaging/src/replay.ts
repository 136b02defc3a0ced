import { consumerName, parseEvent, type EventContract, type ServiceName } from '#libs/contracts';
import { AppError } from '#libs/errors';
import type { EventDelivery } from './event-delivery.js';
import type { ParkedEvents } from './parked-events.js';

/**
 * Runs a parked event through the same inbox, handler and transaction as a delivery, once its
 * cause is fixed; an event that is still invalid, or that no handler takes any more, is refused.
 */
export async function replayParkedEvent(
  id: string,
  service: ServiceName,
  consumes: readonly EventContract[],
  deliveries: ReadonlyMap<string, EventDelivery>,
  parked: ParkedEvents,
): Promise<{ replayed: true }> {
  const row = await parked.get(id);
  const delivery = deliveries.get(row.consumer);
  const contract = consumes.find((c) => consumerName(service, c.type) === row.consumer);
  const parsed = parseEvent(row.data);
  if (!delivery || !contract || !parsed.ok || parsed.envelope.type !== contract.type) {
    const reason = parsed.ok ? 'no handler subscribes to it' : parsed.reason;
    throw new AppError(422, 'unprocessable', `parked event ${id} cannot be replayed: ${reason}`);
  }
  await delivery.apply([parsed.envelope]);
  await parked.markReplayed(id);
  return { replayed: true };
}
