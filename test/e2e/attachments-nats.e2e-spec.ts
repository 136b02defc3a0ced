import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Objm } from '@nats-io/obj';
import { runBucket, TEST_NATS_URL, TestSystem } from '#libs/testing';

/**
 * Attachments in NATS JetStream's object store (ATTACHMENTS_STORE=nats), as on several machines: a
 * file larger than a NATS message goes up through the gateway and comes back byte for byte, and no
 * byte touches the attachments folder. The run's bucket is removed with the run.
 */
describe('attachments in the NATS object store', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  const natsStore = { ATTACHMENTS_STORE: 'nats' };

  beforeAll(async () => {
    system = await TestSystem.start({ serviceEnv: { gateway: natsStore, intake: natsStore } });
    nats = await connect({ servers: TEST_NATS_URL });
  }, 600_000);
  afterAll(async () => {
    await nats?.close();
    await system?.stop();
  });

  /** A PDF as intake recognises it (by its first bytes), padded past NATS's 1 MB message limit. */
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
    randomBytes(2 * 1024 * 1024 + 4321),
    Buffer.from('\n%%EOF\n'),
  ]);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('uploads and downloads a 2 MB PDF through the gateway, kept in the bucket and not in the folder', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'minutes.pdf');
    const token = await system.tokenFor('school.reporter');
    const sent = await fetch(system.url('/api/attachments'), {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await sent.json()) as { id: string; contentType: string; size: number; sha256: string };
    expect(sent.status).toBe(201);
    expect(body).toMatchObject({ contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) });

    const download = await fetch(system.url(`/api/attachments/${body.id}`), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-length')).toBe(String(pdf.length));
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(pdf.length);
    expect(sha256(bytes)).toBe(sha256(pdf));

    // The bucket holds the kept file under its id, in chunks; the gateway's upload name is gone.
    const bucket = await new Objm(nats).open(runBucket(system.isolation));
    const objects = (await bucket.list()).filter((object) => !object.deleted);
    expect(objects.map((object) => [object.name, object.size])).toEqual([[body.id, pdf.length]]);
    expect(objects[0].chunks).toBeGreaterThan(8);
    const folder = join(system.logDir, 'attachments');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);

    // Another school may not see it, as with the folder store.
    const other = await fetch(system.url(`/api/attachments/${body.id}`), {
      headers: { authorization: `Bearer ${await system.tokenFor('school2.reporter')}` },
    });
    expect(other.status).toBe(404);
  });
});
