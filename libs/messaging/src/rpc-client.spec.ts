import type { NatsConnection } from '@nats-io/transport-node';
import { ServiceRpcPattern } from '#libs/contracts';
import type { MessagingOptions } from './messaging-options.js';
import { RpcClient } from './rpc-client.js';

const config = {
  NATS_URL: 'nats://127.0.0.1:4222',
  NATS_NAMESPACE: 'unit',
  DATABASE_URL: 'postgres://unused',
  EVENT_MAX_DELIVER: 5,
  EVENT_ACK_WAIT_MS: 30_000,
  EVENT_DUPLICATE_WINDOW_MS: 60_000,
  OUTBOX_POLL_INTERVAL_MS: 1000,
  MESSAGING_PRUNE_INTERVAL_MS: 600_000,
  RPC_TIMEOUT_MS: 50,
};

/** A NATS stand-in that records what is published and on which inbox replies are awaited. */
const recordingNats = () => {
  const published: Array<{ subject: string; reply?: string }> = [];
  const subscribed: string[] = [];
  const nats = {
    info: { max_payload: 1024 * 1024 },
    publish: (subject: string, _data: unknown, options?: { reply?: string }) =>
      published.push({ subject, reply: options?.reply }),
    subscribe: (subject: string) => (subscribed.push(subject), { unsubscribe: () => undefined }),
  };
  return { published, subscribed, nats: nats as unknown as NatsConnection };
};

const client = (options: Partial<MessagingOptions>, nats: NatsConnection) =>
  new RpcClient({ service: 'dispatch', schema: 'dispatch', consumes: [], config, ...options }, nats);

describe('RpcClient', () => {
  it('refuses a call its manifest does not declare, before anything reaches the broker', async () => {
    const { published, nats } = recordingNats();
    const rpc = client({ calls: [ServiceRpcPattern.IntakeCheckAttachments] }, nats);
    await expect(rpc.request('intake.tip.get', {})).rejects.toThrow(
      'dispatch calls intake.tip.get, which its manifest does not declare',
    );
    expect(published).toEqual([]);
    rpc.onModuleDestroy();
  });

  it('sends a declared call, awaiting the reply on the service’s own inbox', async () => {
    const { published, subscribed, nats } = recordingNats();
    const rpc = client({ calls: [ServiceRpcPattern.IntakeCheckAttachments] }, nats);
    await expect(rpc.request(ServiceRpcPattern.IntakeCheckAttachments, {})).rejects.toThrow(/did not answer/);
    expect(published).toEqual([
      { subject: 'unit.rpc.intake.attachment.check', reply: expect.stringMatching(/^_INBOX\.unit\.dispatch\.\w+\.1$/) },
    ]);
    expect(subscribed).toEqual([expect.stringMatching(/^_INBOX\.unit\.dispatch\.\w+\.\*$/)]);
    rpc.onModuleDestroy();
  });

  it('sends any call when no list is given (tools)', async () => {
    const { published, nats } = recordingNats();
    const rpc = client({}, nats);
    await expect(rpc.request('intake.tip.get', {})).rejects.toThrow(/did not answer/);
    expect(published.map((p) => p.subject)).toEqual(['unit.rpc.intake.tip.get']);
    rpc.onModuleDestroy();
  });
});
