import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AttachmentStore, StoredFileMissing } from './attachment-store.js';
import { storageName } from './storage-name.js';

/** The default store: one folder, on a disk (or network share) every process of both services sees. */
export class LocalFolderStore implements AttachmentStore {
  private readonly root: string;
  private ready?: Promise<unknown>;

  constructor(folder: string) {
    this.root = resolve(folder);
  }

  async put(name: string, content: Readable): Promise<number> {
    await (this.ready ??= mkdir(this.root, { recursive: true, mode: 0o700 }));
    const path = this.path(name);
    await pipeline(content, createWriteStream(path, { mode: 0o600 }));
    return (await stat(path)).size;
  }

  async size(name: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(name))).size;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  read(name: string): Promise<Buffer> {
    return readFile(this.path(name));
  }

  async open(name: string): Promise<Readable> {
    if ((await this.size(name)) === undefined) throw new StoredFileMissing(name);
    return createReadStream(this.path(name));
  }

  async remove(name: string): Promise<void> {
    await rm(this.path(name), { force: true });
  }

  private path(name: string): string {
    return join(this.root, storageName(name));
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
