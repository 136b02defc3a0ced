import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { TaskAcknowledged, type EventEnvelope } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { createLogger } from '#libs/observability';
import { type DeliveredMessage, EventDelivery } from './event-delivery.js';

const envelope = (): EventEnvelope => ({
  id: randomUUID(),
  type: TaskAcknowledged.type,
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

/** A JetStream message stand-in that records what was done with it. */
const message = (body: EventEnvelope | string, deliveryCount = 1) => {
  const outcome: { acked: number; naks: Array<number | undefined> } = { acked: 0, naks: [] };
  const msg: DeliveredMessage = {
    data: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
    subject: 'unit.dispatch.task.acknowledged',
    info: { deliveryCount },
    ack: () => void (outcome.acked += 1),
    nak: (delay) => void outcome.naks.push(delay),
    working: () => undefined,
  };
  return { msg, outcome };
};

/**
 * An in-memory database with transactions: the inbox and the handled events commit together or
 * not at all, as they do in Postgres.
 */
const harness = (
  handle: (envelope: EventEnvelope) => void = () => undefined,
  parkFails = false,
  when?: (payload: unknown) => boolean,
) => {
  const db = { inbox: new Set<string>(), handled: [] as string[], transactions: 0 };
  const parked: Array<{ reason: string; eventId?: string }> = [];
  type Tx = { inbox: Set<string>; handled: string[] };
  const delivery = new EventDelivery({
    consumer: 'notify__dispatch_task_acknowledged',
    contract: TaskAcknowledged,
    transaction: async (work) => {
      db.transactions += 1;
      const tx: Tx = { inbox: new Set(db.inbox), handled: [...db.handled] };
      const result = await work(tx as unknown as EntityManager);
      Object.assign(db, tx);
      return result;
    },
    claimInbox: (manager, _consumer, ids) => {
      const tx = manager as unknown as Tx;
      const fresh = ids.filter((id) => !tx.inbox.has(id));
      fresh.forEach((id) => tx.inbox.add(id));
      return Promise.resolve(new Set(fresh));
    },
    handle: ([event], manager) => {
      handle(event);
      (manager as unknown as Tx).handled.push(event.id);
      return Promise.resolve();
    },
    parked: {
      park: (entry) => (parkFails ? Promise.reject(new Error('db down')) : Promise.resolve(void parked.push(entry))),
    },
    budget: { maxDeliver: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
    log: createLogger('test', 'silent'),
    workingIntervalMs: 10_000,
    when,
  });
  return { delivery, db, parked };
};

describe('EventDelivery', () => {
  it('acks the events its handler does not act on without a transaction or an inbox row', async () => {
    const acted = envelope();
    const ignored = [envelope(), envelope()];
    const wanted = (payload: unknown) =>
      (payload as { taskId: string }).taskId === (acted.payload as { taskId: string }).taskId;
    const { delivery, db } = harness(undefined, false, wanted);
    const ignoredOnly = ignored.map((e) => message(e));
    await delivery.deliver(ignoredOnly.map((m) => m.msg));
    expect(db.transactions).toBe(0);
    expect(db.inbox.size).toBe(0);
    expect(ignoredOnly.map((m) => m.outcome.acked)).toEqual([1, 1]);

    const mixed = [message(ignored[0]), message(acted)];
    await delivery.deliver(mixed.map((m) => m.msg));
    expect(db.transactions).toBe(1);
    expect([...db.inbox]).toEqual([acted.id]);
    expect(db.handled).toEqual([acted.id]);
    expect(mixed.map((m) => m.outcome.acked)).toEqual([1, 1]);
  });

  it('leaves an event to its handler when the predicate throws', async () => {
    const event = envelope();
    const { delivery, db } = harness(undefined, false, () => {
      throw new Error('predicate failed');
    });
    const one = message(event);
    await delivery.deliver([one.msg]);
    expect(db.handled).toEqual([event.id]);
    expect(one.outcome.acked).toBe(1);
  });

  it('handles a batch in one transaction and acks each message after the commit', async () => {
    const { delivery, db } = harness();
    const events = [envelope(), envelope(), envelope()];
    const messages = events.map((e) => message(e));
    await delivery.deliver(messages.map((m) => m.msg));
    expect(db.transactions).toBe(1);
    expect(db.handled).toEqual(events.map((e) => e.id));
    expect(messages.map((m) => m.outcome)).toEqual(events.map(() => ({ acked: 1, naks: [] })));
  });

  it('skips an event the inbox has seen, and acks it', async () => {
    const { delivery, db } = harness();
    const event = envelope();
    await delivery.deliver([message(event).msg]);
    const again = message(event, 2);
    await delivery.deliver([again.msg, message(envelope()).msg]);
    expect(db.handled.filter((id) => id === event.id)).toHaveLength(1);
    expect(again.outcome.acked).toBe(1);
  });

  it('parks a poison event at once and still handles the rest of its batch', async () => {
    const poison = envelope();
    const { delivery, db, parked } = harness((event) => {
      if (event.id === poison.id) throw AppError.conflict('a case that is CLOSED cannot be sent "acknowledge"');
    });
    const good = [envelope(), envelope()];
    const messages = [message(good[0]), message(poison), message(good[1])];
    await delivery.deliver(messages.map((m) => m.msg));
    expect(db.handled).toEqual(good.map((e) => e.id));
    expect(db.inbox.has(poison.id)).toBe(false); // its transaction rolled back
    expect(parked).toMatchObject([{ eventId: poison.id }]);
    expect(parked[0].reason).toContain('refused');
    expect(messages.map((m) => m.outcome.acked)).toEqual([1, 1, 1]);
  });

  it('retries a whole batch with back-off while the database is away, and parks nothing', async () => {
    const down = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const { delivery, db, parked } = harness(() => {
      throw down;
    });
    const messages = [message(envelope(), 4), message(envelope(), 4)];
    await delivery.deliver(messages.map((m) => m.msg));
    expect(db.handled).toEqual([]);
    expect(parked).toEqual([]);
    expect(messages.map((m) => m.outcome)).toEqual([
      { acked: 0, naks: [8000] },
      { acked: 0, naks: [8000] },
    ]);
  });

  it('retries an unknown failure until its budget is spent, then parks it', async () => {
    const { delivery, parked } = harness(() => {
      throw new TypeError('a bug');
    });
    const event = envelope();
    const attempts = [message(event, 1), message(event, 2), message(event, 3)];
    for (const attempt of attempts) await delivery.deliver([attempt.msg]);
    expect(attempts.map((a) => a.outcome)).toEqual([
      { acked: 0, naks: [1000] },
      { acked: 0, naks: [2000] },
      { acked: 1, naks: [] },
    ]);
    expect(parked).toMatchObject([{ eventId: event.id, reason: 'failed 3 times: TypeError: a bug' }]);
  });

  it('does not count redeliveries after an ack timeout against the budget', async () => {
    const { delivery, parked } = harness(() => {
      throw new TypeError('a bug');
    });
    const late = message(envelope(), 9); // delivered 8 times before, but never failed here
    await delivery.deliver([late.msg]);
    expect(late.outcome).toEqual({ acked: 0, naks: [1000] });
    expect(parked).toEqual([]);
  });

  it('parks bytes that are not a valid event without calling the handler', async () => {
    let calls = 0;
    const { delivery, parked } = harness(() => void (calls += 1));
    const bad = message('{not json');
    await delivery.deliver([bad.msg]);
    expect(calls).toBe(0);
    expect(parked).toMatchObject([{ reason: 'body is not JSON' }]);
    expect(bad.outcome.acked).toBe(1);
  });

  it('does not ack an event it could not park', async () => {
    const { delivery } = harness(undefined, true);
    const bad = message('{not json');
    await delivery.deliver([bad.msg]);
    expect(bad.outcome).toEqual({ acked: 0, naks: [1000] });
  });

  it('gives a set-based handler the new events of a batch at once, in order, and each alone after a failure', async () => {
    const calls: string[][] = [];
    const inbox = new Set<string>();
    const poison = envelope();
    const delivery = new EventDelivery({
      consumer: 'dispatch__intake_whistle_report_submitted',
      contract: TaskAcknowledged,
      transaction: (work) => work({} as EntityManager),
      claimInbox: (_manager, _consumer, ids) => {
        const fresh = ids.filter((id) => !inbox.has(id));
        return Promise.resolve(new Set(fresh));
      },
      batch: true,
      handle: (events) => {
        calls.push(events.map((e) => e.id));
        if (events.some((e) => e.id === poison.id)) return Promise.reject(new AppError(422, 'refused', 'no'));
        events.forEach((e) => inbox.add(e.id));
        return Promise.resolve();
      },
      parked: { park: () => Promise.resolve() },
      budget: { maxDeliver: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
      log: createLogger('test', 'silent'),
      workingIntervalMs: 10_000,
    });
    const [seen, first, second] = [envelope(), envelope(), envelope()];
    inbox.add(seen.id);
    const messages = [seen, first, second].map((e) => message(e));
    await delivery.deliver(messages.map((m) => m.msg));
    expect(calls).toEqual([[first.id, second.id]]);
    expect(messages.map((m) => m.outcome.acked)).toEqual([1, 1, 1]);

    calls.length = 0;
    const [third, fourth] = [envelope(), envelope()];
    await delivery.deliver([third, poison, fourth].map((e) => message(e).msg));
    expect(calls).toEqual([[third.id, poison.id, fourth.id], [third.id], [poison.id], [fourth.id]]);
  });
});
