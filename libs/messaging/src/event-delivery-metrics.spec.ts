import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { TaskAcknowledged, type EventEnvelope } from '#libs/contracts';
import { createLogger, metrics } from '#libs/observability';
import { parsePrometheusText, sampleSum } from '#libs/testing';
import { type DeliveredMessage, EventDelivery } from './event-delivery.js';

const type = TaskAcknowledged.type;
const envelope = (): EventEnvelope => ({
  id: randomUUID(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: null,
  actor: { kind: 'system', id: 'dispatch' },
  payload: {
    taskId: randomUUID(),
    caseId: randomUUID(),
    unitId: randomUUID(),
    acknowledgedAt: new Date().toISOString(),
  },
});
const message = (body: EventEnvelope | string, deliveryCount = 1): DeliveredMessage => ({
  data: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
  subject: 'unit.dispatch.task.acknowledged',
  info: { deliveryCount },
  ack: () => undefined,
  nak: () => undefined,
  working: () => undefined,
});
const counts = async () => {
  const families = parsePrometheusText(await metrics.text());
  return {
    consumed: sampleSum(families, 'cw_events_consumed_total', { type }),
    redelivered: sampleSum(families, 'cw_events_redelivered_total', { type }),
    parked: sampleSum(families, 'cw_events_parked_total', { type }),
  };
};

describe('EventDelivery metrics', () => {
  it('counts events consumed, redelivered and parked per type', async () => {
    const inbox = new Set<string>();
    const delivery = new EventDelivery({
      consumer: 'notify__dispatch_task_acknowledged',
      contract: TaskAcknowledged,
      transaction: (work) => work({} as EntityManager),
      claimInbox: (_manager, _consumer, ids) => {
        const fresh = ids.filter((id) => !inbox.has(id));
        fresh.forEach((id) => inbox.add(id));
        return Promise.resolve(new Set(fresh));
      },
      handle: () => Promise.resolve(),
      parked: { park: () => Promise.resolve() },
      budget: { maxDeliver: 3 },
      log: createLogger('test', 'silent'),
      workingIntervalMs: 10_000,
    });
    const before = await counts();
    const seen = envelope();
    await delivery.deliver([message(envelope()), message(seen), message('not json')]);
    // A redelivery of a handled event: skipped by the inbox, acked, counted consumed and redelivered.
    await delivery.deliver([message(seen, 2)]);
    const after = await counts();
    expect({
      consumed: after.consumed - before.consumed,
      redelivered: after.redelivered - before.redelivered,
      parked: after.parked - before.parked,
    }).toEqual({ consumed: 3, redelivered: 1, parked: 1 });
  });
});
