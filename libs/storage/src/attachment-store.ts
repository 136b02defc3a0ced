import type { Readable } from 'node:stream';

/**
 * Where attachment files live, shared by the gateway (which streams uploads in and downloads out)
 * and intake (which checks, cleans and keeps them), so files never travel as NATS request bodies.
 * An upload first lands under an `upload-<uuid>` name; intake keeps it under the attachment's id.
 */
export interface AttachmentStore {
  /** Writes the stream under `name`; resolves with the bytes written. */
  put(name: string, content: Readable): Promise<number>;
  /** The file's size in bytes, undefined when there is no such file; rejects when the store fails. */
  size(name: string): Promise<number | undefined>;
  /** The whole file, for checks; only for files within the configured size limits. */
  read(name: string): Promise<Buffer>;
  /** Rejects with {@link StoredFileMissing} when there is no such file, with the store's error when it fails. */
  open(name: string): Promise<Readable>;
  remove(name: string): Promise<void>;
}

/** No file of that name: the caller answers 404, where any other failure of the store is a 503. */
export class StoredFileMissing extends Error {
  constructor(name: string) {
    super(`no stored file ${name}`);
    this.name = 'StoredFileMissing';
  }
}
