import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { type ApiResponse, TestSystem, waitFor } from '#libs/testing';

/**
 * Files attached in other services: a department's rectification evidence (dispatch), an inspection's
 * and a school checklist's files (grading). Intake learns what they are attached to from those
 * services' events and opens them to those who may see it; ids that are not the caller's own uploads
 * are refused at the door. Also the size limit checked before reading, and audio accepted.
 */
describe('attachments elsewhere: evidence, inspections, checklists', () => {
  let system: TestSystem;
  const units: Record<string, string> = {};
  const schools: Record<string, string> = {};

  beforeAll(async () => {
    // A 1 MB limit for images, so an oversized one is small enough to send quickly.
    system = await TestSystem.start({ serviceEnv: { intake: { ATTACHMENT_MAX_IMAGE_MB: '1' } } });
    for (const unit of (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items) {
      units[unit.code] = unit.id;
    }
    for (const school of (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items) {
      schools[school.code] = school.id;
    }
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  const post = (path: string, as: string, body?: unknown) => system.api('POST', path, { as, body });
  const ok = (response: ApiResponse, status = 200) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    return response.body;
  };
  const upload = async (content: Buffer, name: string, type: string, as: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)], { type }), name);
    const response = await fetch(system.url('/api/attachments'), {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const photo = async (as: string) => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a3' } })
      .png()
      .toBuffer();
    const sent = await upload(png, 'photo.png', 'image/png', as);
    expect(sent.status).toBe(201);
    return sent.body.id as string;
  };
  const download = async (id: string, as: string) =>
    (
      await fetch(system.url(`/api/attachments/${id}`), {
        headers: { authorization: `Bearer ${await system.tokenFor(as)}` },
      })
    ).status;
  /** Each caller's answer for the file, once intake has linked it (the first reader sees it). */
  const whoSees = async (id: string, first: string, callers: string[]) => {
    await waitFor(`${first} to see ${id}`, async () => (await download(id, first)) === 200);
    return Object.fromEntries(await Promise.all(callers.map(async (as) => [as, await download(id, as)] as const)));
  };
  const attachmentCount = async () =>
    (await system.query<{ n: number }>('SELECT count(*)::int AS n FROM intake.attachments'))[0].n;

  /** A school report's case, assigned to the police alone and acknowledged by its handler. */
  const acknowledgedCase = async () => {
    const submitted = ok(
      await post('/api/whistle-reports', 'school.reporter', {
        category: 'bullying',
        severity: 'high',
        title: 'Older students taking lunch money',
        description: 'At the east gate after school.',
        location: 'East gate',
      }),
      201,
    );
    const id = submitted.id as string;
    await waitFor(
      `case ${id} to open`,
      async () => (await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    ok(await post(`/api/cases/${id}/screen`, 'bureau.reviewer', { decision: 'forward', reason: 'needs police' }));
    ok(
      await post(`/api/cases/${id}/assess`, 'taskforce.dispatcher', {
        category: 'bullying',
        severity: 'high',
        riskLevel: 'medium',
      }),
    );
    const assigned = ok(
      await post(`/api/cases/${id}/assign`, 'taskforce.dispatcher', {
        leadUnitId: units['DM-PSB'],
        assistingUnitIds: [],
        severity: 'high',
      }),
    );
    const task = assigned.tasks[0].id as string;
    ok(await post(`/api/tasks/${task}/acknowledge`, 'police.handler'));
    return { id, task };
  };

  it("opens a rectification's evidence to the task force, the unit and the report's school only", async () => {
    const { id, task } = await acknowledgedCase();
    const evidence = await photo('police.handler');
    const schoolsUpload = await photo('school.reporter');

    // Ids that are not the handler's own uploads are refused, naming the field, with nothing done.
    for (const ids of [[randomUUID()], [evidence, schoolsUpload]]) {
      const refused = await post(`/api/tasks/${task}/rectify`, 'police.handler', { summary: 'fixed', evidence: ids });
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('evidence');
    }
    expect((await system.api('GET', `/api/cases/${id}`, { as: 'taskforce.dispatcher' })).body.status).not.toBe(
      'RECTIFIED',
    );

    ok(await post(`/api/tasks/${task}/rectify`, 'police.handler', { summary: 'fence mended', evidence: [evidence] }));
    expect(
      await whoSees(evidence, 'taskforce.dispatcher', [
        'supervisor',
        'police.head',
        'school.reporter',
        'school2.reporter',
        'plc.handler',
        'culture.handler',
        'inspector',
      ]),
    ).toEqual({
      supervisor: 200,
      'police.head': 200,
      'school.reporter': 200,
      'school2.reporter': 404,
      'plc.handler': 404,
      'culture.handler': 404,
      inspector: 404,
    });
    // The school's own, never used, is still the school's alone.
    expect(await download(schoolsUpload, 'school.reporter')).toBe(200);
    expect(await download(schoolsUpload, 'taskforce.dispatcher')).toBe(404);
  });

  it("opens an inspection's and a checklist's files to the county roles and that school only", async () => {
    const s001 = schools['DM-S001'];
    const inspected = await photo('inspector');
    const refused = await post('/api/inspections', 'inspector', {
      schoolId: s001,
      kind: 'daily',
      at: new Date().toISOString(),
      findings: [],
      attachmentIds: [randomUUID()],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('attachmentIds');
    ok(
      await post('/api/inspections', 'inspector', {
        schoolId: s001,
        kind: 'daily',
        at: new Date().toISOString(),
        findings: [],
        attachmentIds: [inspected],
      }),
      201,
    );
    expect(
      await whoSees(inspected, 'school.reporter', ['admin', 'supervisor', 'taskforce.dispatcher', 'school2.reporter']),
    ).toEqual({ admin: 200, supervisor: 200, 'taskforce.dispatcher': 200, 'school2.reporter': 404 });
    expect(await download(inspected, 'police.handler')).toBe(404);

    const drill = await photo('school.reporter');
    const item = { done: false };
    const checklist = (guardPost: Record<string, unknown>, as = 'school.reporter') =>
      system.api('PUT', `/api/schools/${s001}/checklist/2026-autumn`, {
        as,
        body: {
          guardPost,
          legalVicePrincipal: item,
          oneKeyAlarm: item,
          safetyEducation: item,
          fireElectricGas: item,
          drills: item,
        },
      });
    const foreign = await checklist({ done: true, attachmentIds: [inspected] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.field).toBe('guardPost.attachmentIds');
    ok(await checklist({ done: true, attachmentIds: [drill] }));
    // Written again with the same file: still the school's own, attached to the same checklist.
    ok(await checklist({ done: true, note: 'guards every morning', attachmentIds: [drill] }));
    // An inspector writing the same checklist keeps the school's file, but cannot add the school's unused one.
    ok(await checklist({ done: true, note: 'seen at the gate', attachmentIds: [drill] }, 'inspector'));
    const unused = await photo('school.reporter');
    const added = await checklist({ done: true, attachmentIds: [drill, unused] }, 'inspector');
    expect(added).toMatchObject({ status: 400, body: { field: 'guardPost.attachmentIds' } });
    expect(
      (await system.api('GET', `/api/schools/${s001}/checklist/2026-autumn`, { as: 'school.reporter' })).body.guardPost,
    ).toEqual({ done: true, note: 'seen at the gate', attachmentIds: [drill] });
    expect(await whoSees(drill, 'inspector', ['school2.reporter', 'plc.handler'])).toEqual({
      'school2.reporter': 404,
      'plc.handler': 404,
    });
  });

  it('refuses an image over its configured limit with 413, storing nothing', async () => {
    const before = await attachmentCount();
    // A PNG's signature and header, then 1.5 MB: the type is read from the start, the size from the store.
    const header = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const big = Buffer.concat([header, randomBytes(1.5 * 1024 * 1024)]);
    const sent = await upload(big, 'big.png', 'image/png', 'school.reporter');
    expect(sent.status).toBe(413);
    expect(sent.body).toMatchObject({ field: 'file', message: expect.stringContaining('1 MB') });
    expect(await attachmentCount()).toBe(before);
    const folder = join(system.logDir, 'attachments');
    expect(readdirSync(folder).filter((name) => name.startsWith('upload-'))).toEqual([]);
  });

  it('accepts a small WAV recording', async () => {
    const wav = waveOf(8000, 0.25);
    const sent = await upload(wav, 'voice.wav', 'audio/wav', 'school.reporter');
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ contentType: expect.stringMatching(/^audio\/(x-)?wav$/), size: wav.length });
    expect(await download(sent.body.id, 'school.reporter')).toBe(200);
  });
});

/** A mono 16-bit PCM WAV of a 440 Hz tone: the RIFF header `file-type` recognises, then the samples. */
function waveOf(rate: number, seconds: number): Buffer {
  const samples = Math.round(rate * seconds);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // size of the fmt chunk
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
