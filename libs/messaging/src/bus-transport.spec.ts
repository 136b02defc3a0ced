import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { RpcPattern, TaskAssigned, UserRegistered } from '#libs/contracts';
import { createLogger } from '#libs/observability';
import { BusTransport } from './bus-transport.js';
import type { MessagingOptions } from './messaging-options.js';
import type { BrokerTopology } from './topology.js';
import { recordRouteBinding } from './route-bindings.js';

const config = {
  NATS_URL: 'nats://127.0.0.1:4222',
  NATS_NAMESPACE: 'unit',
  DATABASE_URL: 'postgres://unused',
  EVENT_MAX_DELIVER: 5,
  EVENT_ACK_WAIT_MS: 30_000,
  EVENT_DUPLICATE_WINDOW_MS: 60_000,
  OUTBOX_POLL_INTERVAL_MS: 1000,
  MESSAGING_PRUNE_INTERVAL_MS: 600_000,
  RPC_TIMEOUT_MS: 1000,
};

/** A NATS stand-in that only records request-reply subscriptions. */
const recordingNats = () => {
  const subjects: string[] = [];
  const nats = { subscribe: (subject: string) => (subjects.push(subject), { unsubscribe: () => undefined }) };
  return { subjects, nats: nats as unknown as NatsConnection };
};

const transport = (options: Partial<MessagingOptions>, nats = recordingNats().nats) =>
  new BusTransport(
    { service: 'notify', schema: 'notify', consumes: [], config, ...options },
    nats,
    {} as DataSource,
    createLogger('test', 'silent'),
    {} as BrokerTopology,
  );

const listen = (bus: BusTransport) => new Promise<unknown>((resolve) => void bus.listen((error) => resolve(error)));
const handler = () => Object.assign(() => Promise.resolve(undefined), { isEventHandler: true });

describe('BusTransport', () => {
  it('refuses to start when a subscribed event has no handler', async () => {
    const error = await listen(transport({ consumes: [TaskAssigned] }));
    expect(String(error)).toContain('subscribed event dispatch.task.assigned has no @EventPattern handler');
  });

  it('refuses to start when an event has two handlers', async () => {
    const bus = transport({ consumes: [UserRegistered] });
    bus.addHandler(UserRegistered.type, handler(), true);
    bus.addHandler(UserRegistered.type, handler(), true);
    expect(String(await listen(bus))).toContain('gateway.user.registered has more than one handler');
  });

  it('answers request-reply patterns and its operational verbs in its namespace', async () => {
    const { subjects, nats } = recordingNats();
    const bus = transport({}, nats);
    const notifyPatterns = Object.values(RpcPattern).filter((pattern) => pattern.startsWith('notify.'));
    for (const pattern of notifyPatterns) {
      recordRouteBinding(pattern); // as @OnRoute does for a route's pattern
      bus.addHandler(
        pattern,
        Object.assign(() => Promise.resolve([]), { isEventHandler: false }),
        false,
      );
    }
    expect(await listen(bus)).toBeUndefined();
    expect(subjects.sort()).toEqual(
      [...notifyPatterns, 'notify.outbox.republish', 'notify.parked-event.list', 'notify.parked-event.replay']
        .map((pattern) => `unit.rpc.${pattern}`)
        .sort(),
    );
    expect(subjects).toContain('unit.rpc.notify.inbox.list');
  });
});
