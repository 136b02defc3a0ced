import { randomUUID } from 'node:crypto';
import { DiscardPolicy, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { JetStreamPublisher } from '#libs/messaging';
import { TEST_NATS_URL } from '#libs/testing';

/**
 * The relay's batch publisher against the real broker, in a stream of this run's own (deleted
 * afterwards): every message stored once and answered, duplicates by id dropped by the stream,
 * and each failure told apart (no stream, a stream that refuses, nobody answering in time).
 */
describe('JetStreamPublisher', () => {
  const name = `cw-test-pub-${randomUUID().slice(0, 8)}`;
  const subject = (tail: string) => `${name}.${tail}`;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    nats = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nats);
    await jsm.streams.add({ name, subjects: [subject('events.*')], duplicate_window: 60_000_000_000, max_msgs: 5000 });
    publisher = new JetStreamPublisher(nats, `_INBOX_${name}`, 1000);
  });
  afterAll(async () => {
    publisher.close();
    await jsm.streams.delete(name).catch(() => undefined);
    await nats.close();
  });

  const messages = (count: number, tail = 'events.a') =>
    Array.from({ length: count }, (_, i) => ({
      subject: subject(tail),
      data: JSON.stringify({ i }),
      id: randomUUID(),
    }));

  it('stores a batch of 2,000 in flight together, each once, in the order given', async () => {
    const before = (await jsm.streams.info(name)).state.messages;
    const batch = messages(2000);
    const failures = await publisher.publishAll(batch);
    expect(failures).toHaveLength(2000);
    expect(failures.filter((failure) => failure !== null)).toEqual([]);
    const info = await jsm.streams.info(name);
    expect(info.state.messages - before).toBe(2000);
    const last = await jsm.streams.getMessage(name, { last_by_subj: subject('events.a') });
    expect(last?.json<{ i: number }>()).toEqual({ i: 1999 });
  });

  it('counts a message published again with the same id as stored, and the stream keeps one', async () => {
    const batch = messages(10);
    expect(await publisher.publishAll(batch)).toEqual(Array(10).fill(null));
    const before = (await jsm.streams.info(name)).state.messages;
    expect(await publisher.publishAll([...batch, ...messages(2)])).toEqual(Array(12).fill(null));
    expect((await jsm.streams.info(name)).state.messages - before).toBe(2);
  });

  it('tells each message of a mixed batch apart: stored, no stream for the subject, refused by the stream', async () => {
    const full = `${name}-full`;
    await jsm.streams.add({ name: full, subjects: [`${full}.*`], max_msgs: 1, discard: DiscardPolicy.New });
    try {
      const failures = await publisher.publishAll([
        ...messages(1),
        { subject: `${name}-nowhere.x`, data: '{}', id: randomUUID() },
        { subject: `${full}.x`, data: '{}', id: randomUUID() },
        { subject: `${full}.x`, data: '{}', id: randomUUID() },
      ]);
      expect(failures[0]).toBeNull();
      expect(failures[1]).toBe('no stream takes this subject');
      expect(failures[2]).toBeNull();
      expect(failures[3]).toMatch(/^the stream refused it: .*maximum messages/i);
    } finally {
      await jsm.streams.delete(full).catch(() => undefined);
    }
  });

  it('gives up on what nobody answers after its timeout, without waiting for the rest of the batch', async () => {
    // A plain subscriber takes the message (so no "no responders" status comes back) and never answers.
    const silent = nats.subscribe(`${name}-silent.>`);
    try {
      const started = performance.now();
      const failures = await publisher.publishAll([
        { subject: `${name}-silent.x`, data: '{}', id: randomUUID() },
        ...messages(3),
      ]);
      expect(failures).toEqual(['the stream did not answer within 1000 ms', null, null, null]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    } finally {
      silent.unsubscribe();
    }
  });

  it('answers an empty batch at once', async () => {
    expect(await publisher.publishAll([])).toEqual([]);
  });
});
