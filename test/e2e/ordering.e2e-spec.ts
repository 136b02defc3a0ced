import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { consumerName, eventSubject, rpcSubject, streamName } from '#libs/contracts';
import { TEST_NATS_URL, testEvent, TestSystem, waitFor } from '#libs/testing';

/**
 * A case's status changes are ordered by dispatch's per-case sequence, never by the clocks of the
 * processes that made them: intake keeps the change with the highest sequence it has seen.
 */
describe('case status order', () => {
  let system: TestSystem;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  let psb: string;
  const ns = () => system.isolation.natsNamespace;
  const type = 'dispatch.case.status-changed';
  /** A case's opening, its change number 1 (v2 carries its status). */
  const openingType = 'dispatch.case.opened';

  beforeAll(async () => {
    system = await TestSystem.start();
    nats = await connect({ servers: TEST_NATS_URL });
    jsm = await jetstreamManager(nats);
    const units = (await system.api('GET', '/api/directory/units', { as: 'taskforce.dispatcher' })).body.items;
    psb = units.find((u: { code: string }) => u.code === 'DM-PSB').id;
  });
  afterAll(async () => {
    await nats?.close();
    await system?.stop();
  });

  const submit = async (): Promise<{ id: string; reference: string }> => {
    const response = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { category: 'dropout', severity: 'normal', title: 'Absent', description: 'Weeks', location: 'Class 3' },
    });
    expect(response.status).toBe(201);
    return response.body;
  };
  const reportStatus = async (id: string) =>
    (await system.api('GET', `/api/whistle-reports/${id}`, { as: 'school.reporter' })).body.status as string;
  const heldSequence = async (id: string) =>
    (
      await system.query<{ n: number }>('SELECT case_status_sequence AS n FROM intake.whistle_reports WHERE id = $1', [
        id,
      ])
    )[0].n;
  /** The status-changed events dispatch wrote for a case, in the order it wrote them. */
  const published = (caseId: string) =>
    system.query<{ version: number; sequence: number; to: string }>(
      `SELECT (envelope->>'version')::int AS version, (envelope->'payload'->>'sequence')::int AS sequence,
              envelope->'payload'->>'to' AS "to"
         FROM dispatch.outbox WHERE type = $1 AND envelope->'payload'->>'caseId' = $2 ORDER BY created_at, sequence`,
      [type, caseId],
    );
  /** An event as dispatch would publish it. */
  const publish = async (version: number, payload: Record<string, unknown>) => {
    const event = testEvent(type, payload, version, 'dispatch');
    await jetstream(nats).publish(eventSubject(ns(), type), JSON.stringify(event), { msgID: event.id });
  };
  const intakeConsumed = (of = type) =>
    waitFor(`intake to ack every ${of}`, async () => {
      const info = await jsm.consumers.info(streamName(ns(), 'dispatch'), consumerName('intake', of));
      return (
        info.num_ack_pending === 0 &&
        info.num_pending === 0 &&
        info.ack_floor.consumer_seq >= info.delivered.consumer_seq
      );
    });
  /** Waits until dispatch has published the case's opening and intake has taken it. */
  const opened = async (caseId: string) => {
    await waitFor('dispatch to publish the opening', async () => {
      const rows = await system.query(
        `SELECT 1 FROM dispatch.outbox
          WHERE type = $1 AND envelope->'payload'->>'caseId' = $2 AND published_at IS NOT NULL`,
        [openingType, caseId],
      );
      return rows.length === 1;
    });
    await intakeConsumed(openingType);
  };
  const intakeParked = async () =>
    (await nats.request(rpcSubject(ns(), 'intake.parked-event.list'), '{}')).json<{ data: unknown[] }>().data;

  it('numbers each change of a case in the v2 events dispatch publishes, its opening first', async () => {
    const report = await submit();
    await opened(report.id);
    const [opening] = await system.query<{ version: number; status: string }>(
      `SELECT (envelope->>'version')::int AS version, envelope->'payload'->>'status' AS status
         FROM dispatch.outbox WHERE type = $1 AND envelope->'payload'->>'caseId' = $2`,
      [openingType, report.id],
    );
    // Change number 1 is the opening, told by its own event; intake holds it as such.
    expect(opening).toEqual({ version: 2, status: 'REPORTED' });
    expect(await reportStatus(report.id)).toBe('REPORTED');
    expect(await heldSequence(report.id)).toBe(1);
    const assigned = await system.api('POST', `/api/cases/${report.id}/assign`, {
      as: 'taskforce.dispatcher',
      body: { leadUnitId: psb, severity: 'normal' },
    });
    expect(assigned.status).toBe(200);
    const task = assigned.body.tasks[0];
    const acknowledged = await system.api('POST', `/api/tasks/${task.id}/acknowledge`, { as: 'police.handler' });
    expect(acknowledged.status).toBe(200);

    expect(await published(report.id)).toEqual([
      { version: 2, sequence: 2, to: 'ASSIGNED' },
      { version: 2, sequence: 3, to: 'ACKNOWLEDGED' },
    ]);
    await waitFor('intake to follow the case', async () => (await reportStatus(report.id)) === 'ACKNOWLEDGED');
    expect(await heldSequence(report.id)).toBe(3);
  });

  it('keeps the higher-sequence status when a lower one arrives later with a newer clock', async () => {
    const report = await submit();
    await opened(report.id);
    const base = { caseId: report.id, schoolId: randomUUID() };
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();

    // Change 3, stamped by a process whose clock runs an hour late; then change 2, from one an hour early.
    await publish(2, { ...base, from: 'ASSIGNED', to: 'ACKNOWLEDGED', changedAt: hourAgo, sequence: 3 });
    await intakeConsumed();
    await publish(2, { ...base, from: 'REPORTED', to: 'ASSIGNED', changedAt: inAnHour, sequence: 2 });
    // A v1 event (from before the numbering, say replayed from the parked events) is older than any numbered one.
    await publish(1, { ...base, from: 'ACKNOWLEDGED', to: 'IN_PROGRESS', changedAt: inAnHour });
    await intakeConsumed();

    expect(await reportStatus(report.id)).toBe('ACKNOWLEDGED');
    expect(await heldSequence(report.id)).toBe(3);
    expect(await intakeParked()).toEqual([]);
  });

  it('still orders v1 events by their time while no numbered change is held', async () => {
    const report = await submit();
    await opened(report.id);
    // As it was before the upgrade: intake held no sequence for this report.
    await system.query(
      'UPDATE intake.whistle_reports SET case_status_sequence = 0, case_status_at = now() WHERE id = $1',
      [report.id],
    );
    const base = { caseId: report.id, schoolId: randomUUID() };
    await publish(1, {
      ...base,
      from: 'REPORTED',
      to: 'ASSIGNED',
      changedAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await publish(1, {
      ...base,
      from: 'REPORTED',
      to: 'REJECTED',
      changedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await intakeConsumed();
    expect(await reportStatus(report.id)).toBe('ASSIGNED');
  });
});
