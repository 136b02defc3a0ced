import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type JetStreamClient, jetstream } from '@nats-io/jetstream';
import { type ObjectInfo, type ObjectStore, Objm, StorageType } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { type AttachmentStore, StoredFileMissing } from './attachment-store.js';
import { storageName } from './storage-name.js';
import { pullingWebStream } from './web-stream.js';

/** Chunks (128 KiB each, the client's default) fetched per pull: at most half a megabyte in hand per download. */
const CHUNKS_PER_FETCH = 4;
const FETCH_EXPIRES_MS = 5000;

/**
 * The store for several machines: NATS JetStream's object store (a bucket is a stream, `OBJ_<bucket>`),
 * on the services' own NATS connection. Files go in and out as 128 KiB chunks, never as one request
 * body. One replica, as the streams of events (a clustered broker would raise both together).
 */
export class NatsObjectStore implements AttachmentStore {
  private readonly js: JetStreamClient;
  private opened?: Promise<ObjectStore>;

  constructor(
    private readonly nats: NatsConnection,
    private readonly bucketName: string,
  ) {
    this.js = jetstream(nats);
  }

  /** Creates the bucket if it does not exist yet (at boot, so a broker without JetStream is found early). */
  bucket(): Promise<ObjectStore> {
    return (this.opened ??= new Objm(this.nats)
      .create(this.bucketName, { replicas: 1, storage: StorageType.File })
      .catch((error: unknown) => {
        this.opened = undefined;
        throw error;
      }));
  }

  async put(name: string, content: Readable): Promise<number> {
    const bucket = await this.bucket();
    try {
      // The client reads the stream chunk by chunk and publishes each with its ack: no whole file in memory.
      const info = await bucket.put({ name: storageName(name) }, pullingWebStream(content));
      return info.size;
    } catch (error) {
      content.destroy();
      // A broker restarted without its data has lost the bucket: create it again on the next call.
      this.opened = undefined;
      throw error;
    }
  }

  async size(name: string): Promise<number | undefined> {
    const info = await (await this.bucket()).info(storageName(name));
    return info && !info.deleted ? info.size : undefined;
  }

  async read(name: string): Promise<Buffer> {
    const pieces: Buffer[] = [];
    for await (const piece of await this.open(name)) pieces.push(piece as Buffer);
    return Buffer.concat(pieces);
  }

  async open(name: string): Promise<Readable> {
    const info = await (await this.bucket()).info(storageName(name));
    if (!info || info.deleted) throw new StoredFileMissing(name);
    return Readable.from(this.chunksOf(info), { objectMode: false, highWaterMark: 256 * 1024 });
  }

  async remove(name: string): Promise<void> {
    await (await this.bucket()).delete(storageName(name));
  }

  /**
   * The object's chunks, pulled a few at a time as the reader asks: the client's own `get` pushes the
   * whole object into memory as fast as the broker sends it, however slow the download. The bytes are
   * checked against the object's size and SHA-256 at the end, as `get` does.
   */
  private async *chunksOf(info: ObjectInfo): AsyncGenerator<Buffer> {
    if (info.chunks === 0) return;
    const consumer = await this.js.consumers.get(`OBJ_${this.bucketName}`, {
      filter_subjects: `$O.${this.bucketName}.C.${info.nuid}`,
    });
    const hash = createHash('sha256');
    let chunks = 0;
    let size = 0;
    try {
      while (chunks < info.chunks) {
        // A whole batch is taken before yielding, so a slow reader never outlives the pull request.
        const batch: Buffer[] = [];
        const messages = await consumer.fetch({
          max_messages: Math.min(CHUNKS_PER_FETCH, info.chunks - chunks),
          expires: FETCH_EXPIRES_MS,
        });
        for await (const message of messages) {
          batch.push(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
        }
        if (batch.length === 0) throw new Error(`stored file ${info.name} is missing chunks`);
        for (const chunk of batch) {
          hash.update(chunk);
          chunks += 1;
          size += chunk.length;
          yield chunk;
        }
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    const digest = `SHA-256=${hash.digest('base64').replaceAll('+', '-').replaceAll('/', '_')}`;
    if (size !== info.size || digest !== info.digest) throw new Error(`stored file ${info.name} is corrupt`);
  }
}
