import type { Readable } from 'node:stream';

/**
 * Where attachment files live, shared by the gateway (which streams uploads in and downloads out)
 * and intake (which checks, cleans and keeps them), so files never travel as NATS request bodies.
 * An upload first lands under an `upload-<uuid>` name; intake keeps it under the attachment's id.
 */
export interface AttachmentStore {
  /** Writes the stream under `name`; resolves with the bytes written. */
  put(name: string, content: Readable): Promise<number>;
  /** The whole file, for checks; only for files within the configured size limits. */
  read(name: string): Promise<Buffer>;
  open(name: string): Promise<Readable>;
  remove(name: string): Promise<void>;
}
