import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsObjectStore } from '#libs/storage';
import { TEST_NATS_URL } from '#libs/testing';

/**
 * The NATS object store driver against the real broker on 127.0.0.1, in a bucket of this run's own
 * (deleted afterwards): files larger than a NATS message go in and come out as streams, byte for byte.
 */
describe('NatsObjectStore', () => {
  const bucket = `cw-test-${randomUUID().slice(0, 8)}`;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  let store: NatsObjectStore;

  beforeAll(async () => {
    nats = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nats);
    store = new NatsObjectStore(nats, bucket);
  });
  afterAll(async () => {
    await jsm.streams.delete(`OBJ_${bucket}`).catch(() => undefined);
    await nats.close();
  });

  /** A file handed over in 64 KiB pieces, as an upload arrives, counting how much was pulled. */
  const piecesOf = (bytes: Buffer, pulled = { bytes: 0 }) =>
    Readable.from(
      (function* () {
        for (let at = 0; at < bytes.length; at += 64 * 1024) {
          const piece = bytes.subarray(at, at + 64 * 1024);
          pulled.bytes += piece.length;
          yield piece;
        }
      })(),
    );
  const all = async (stream: Readable) => {
    const pieces: Buffer[] = [];
    for await (const piece of stream) pieces.push(piece as Buffer);
    return Buffer.concat(pieces);
  };
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const consumers = async () => (await jsm.streams.info(`OBJ_${bucket}`)).state.consumer_count;

  it('keeps a file larger than a NATS message and gives the same bytes back, read whole or streamed', async () => {
    const file = randomBytes(3 * 1024 * 1024 + 12_345);
    expect(await store.put('upload-big', piecesOf(file))).toBe(file.length);

    const info = await (await store.bucket()).info('upload-big');
    expect(info).toMatchObject({ size: file.length, deleted: false });
    expect(info!.chunks).toBeGreaterThan(3); // chunks of 128 KiB, never one body over the 1 MB limit

    expect(sha(await store.read('upload-big'))).toBe(sha(file));
    expect(sha(await all(await store.open('upload-big')))).toBe(sha(file));
    expect(await consumers()).toBe(0); // each download's consumer is removed when it ends
  });

  it('reads a download only as fast as it is consumed, and stops cleanly when abandoned', async () => {
    const file = randomBytes(4 * 1024 * 1024);
    await store.put('slow-reader', piecesOf(file));
    const download = await store.open('slow-reader');
    const first = await new Promise<Buffer>((resolve) => download.once('data', (chunk: Buffer) => resolve(chunk)));
    download.pause();
    await sleep(300);
    // Held in the stream: its high-water mark and the fetched batch, not the 4 MB.
    expect(download.readableLength + first.length).toBeLessThan(1024 * 1024);
    download.destroy();
    await sleep(300);
    expect(await consumers()).toBe(0);
    await store.remove('slow-reader');
  });

  it('forgets a removed file: reading or opening it rejects, removing it again does not', async () => {
    await store.put('gone', piecesOf(randomBytes(200_000)));
    await store.remove('gone');
    await expect(store.open('gone')).rejects.toThrow('no stored file gone');
    await expect(store.read('gone')).rejects.toThrow();
    await expect(store.remove('gone')).resolves.toBeUndefined();
    await expect(store.open('never-stored')).rejects.toThrow('no stored file never-stored');
  });

  it('keeps an empty file, refuses names that are not ours, and keeps nothing of a failed upload', async () => {
    expect(await store.put('empty', Readable.from([]))).toBe(0);
    expect((await store.read('empty')).length).toBe(0);
    await expect(store.put('../escape', Readable.from([Buffer.from('x')]))).rejects.toThrow('not a storage name');
    await expect(store.open('UPPER')).rejects.toThrow('not a storage name');

    const before = (await jsm.streams.info(`OBJ_${bucket}`)).state.messages;
    const broken = Readable.from(
      (async function* () {
        yield randomBytes(300_000);
        await sleep(10);
        throw new Error('the client went away');
      })(),
    );
    await expect(store.put('half', broken)).rejects.toThrow('the client went away');
    expect(await (await store.bucket()).info('half')).toBeNull();
    // The chunks published before the failure were purged: the bucket holds what it held before.
    expect((await jsm.streams.info(`OBJ_${bucket}`)).state.messages).toBe(before);
  });
});
