import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { TaskAcknowledged, type EventEnvelope } from '#libs/contracts';
import { runInContext } from '#libs/observability';
import { Outbox } from './outbox.js';

const options = { service: 'dispatch', schema: 'dispatch', consumes: [], config: {} } as never;

/** Records the statements the outbox sends inside the caller's transaction. */
const recordingManager = () => {
  const calls: Array<{ sql: string; params: unknown[] }> = [];
  const manager = { query: (sql: string, params: unknown[]) => Promise.resolve(void calls.push({ sql, params })) };
  return { calls, manager: manager as unknown as EntityManager };
};

const payload = () => ({
  taskId: randomUUID(),
  caseId: randomUUID(),
  unitId: randomUUID(),
  acknowledgedAt: new Date().toISOString(),
});

describe('Outbox.append', () => {
  it("writes the envelope and a notify in one statement of the caller's transaction, with the request's correlation id", async () => {
    const { calls, manager } = recordingManager();
    const envelope = await runInContext({ correlationId: 'req-42' }, () =>
      new Outbox(options).append(manager, TaskAcknowledged, payload()),
    );
    expect(envelope).toMatchObject({
      type: 'dispatch.task.acknowledged',
      version: 1,
      correlationId: 'req-42',
      causationId: null,
    });
    expect(envelope.actor).toEqual({ kind: 'system', id: 'dispatch' });
    expect(calls[0].sql).toContain('INSERT INTO "dispatch".outbox');
    expect(JSON.parse(calls[0].params[0] as string)).toEqual([envelope]);
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).toContain("pg_notify($2, '')");
    expect(calls[0].params[1]).toBe('dispatch_outbox');
  });

  it('asks for one relay wake-up per transaction, however many events it appends', async () => {
    const { calls, manager } = recordingManager();
    const outbox = new Outbox(options);
    await outbox.append(manager, TaskAcknowledged, payload());
    await outbox.appendMany(manager, TaskAcknowledged, [payload(), payload()]);
    expect(calls.filter((call) => call.sql.includes('pg_notify'))).toHaveLength(1);
    expect(calls.filter((call) => call.sql.includes('INSERT'))).toHaveLength(2);
    expect(calls[0].sql).toContain('pg_notify');
    const next = recordingManager(); // another transaction wakes the relay again
    await outbox.append(next.manager, TaskAcknowledged, payload());
    expect(next.calls.filter((call) => call.sql.includes('pg_notify'))).toHaveLength(1);
  });

  it('takes correlation and causation from the event that caused it', async () => {
    const { manager } = recordingManager();
    const cause = { id: randomUUID(), correlationId: 'corr-7' } as EventEnvelope;
    const envelope = await new Outbox(options).append(manager, TaskAcknowledged, payload(), { causedBy: cause });
    expect(envelope.correlationId).toBe('corr-7');
    expect(envelope.causationId).toBe(cause.id);
  });

  it('refuses an invalid payload before writing anything', async () => {
    const { calls, manager } = recordingManager();
    await expect(
      new Outbox(options).append(manager, TaskAcknowledged, { ...payload(), taskId: 'nope' }),
    ).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('gives each event of a group commit its own actor and correlation', async () => {
    const { manager } = recordingManager();
    const [first, second] = await new Outbox(options).appendEach(manager, TaskAcknowledged, [
      { payload: payload(), actor: { kind: 'user', id: 'u1' }, correlationId: 'c1' },
      { payload: payload(), actor: { kind: 'user', id: 'u2' }, correlationId: 'c2' },
    ]);
    expect([first.actor.id, first.correlationId, second.actor.id, second.correlationId]).toEqual([
      'u1',
      'c1',
      'u2',
      'c2',
    ]);
  });
});

describe('Outbox.appendWith', () => {
  it('writes the state change, the events of several contracts and the wake-up in one statement', async () => {
    const { calls, manager } = recordingManager();
    const change = { sql: 'UPDATE dispatch.tasks SET x = $1 WHERE id = $2', params: [1, 'id'] };
    const envelopes = await new Outbox(options).appendWith(manager, change, [
      { contract: TaskAcknowledged, items: [{ payload: payload() }, { payload: payload(), correlationId: 'c2' }] },
      { contract: TaskAcknowledged, items: [] },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).toMatch(/^WITH change AS \(UPDATE dispatch.tasks SET x = \$1 WHERE id = \$2\)/);
    expect(calls[0].sql).toContain('jsonb_array_elements($3::jsonb)');
    expect(calls[0].sql).toContain("pg_notify($4, '')");
    expect(calls[0].params.slice(0, 2)).toEqual([1, 'id']);
    expect(JSON.parse(calls[0].params[2] as string)).toEqual(envelopes);
    expect(calls[0].params[3]).toBe('dispatch_outbox');
    expect(envelopes.map((e) => e.correlationId)[1]).toBe('c2');
  });

  it('refuses an invalid payload before writing the change', async () => {
    const { calls, manager } = recordingManager();
    await expect(
      new Outbox(options).appendWith(manager, { sql: 'UPDATE t SET x = 1', params: [] }, [
        { contract: TaskAcknowledged, items: [{ payload: { ...payload(), taskId: 'nope' } }] },
      ]),
    ).rejects.toThrow();
    expect(calls).toEqual([]);
  });
});
