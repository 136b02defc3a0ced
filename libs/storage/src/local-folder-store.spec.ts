import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { StoredFileMissing } from './attachment-store.js';
import { LocalFolderStore } from './local-folder-store.js';

describe('LocalFolderStore', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cw-store-'));
  const store = new LocalFolderStore(folder);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('tells a stored file’s size without reading it, and undefined for none', async () => {
    await store.put('upload-1', Readable.from([Buffer.alloc(1234, 7)]));
    expect(await store.size('upload-1')).toBe(1234);
    expect(await store.size('upload-2')).toBeUndefined();
  });

  it('opens a missing file as StoredFileMissing, so only that is a 404', async () => {
    await expect(store.open('upload-2')).rejects.toBeInstanceOf(StoredFileMissing);
  });
});
