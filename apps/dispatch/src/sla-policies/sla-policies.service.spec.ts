import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { decodeCursor, severitySchema } from '#libs/contracts';
import { SlaPolicies } from './sla-policies.service.js';

const actor = { userId: randomUUID(), role: 'administrator' as const, orgId: randomUUID() };
const row = (severity: string, ackWithin: string) => ({
  severity,
  ackWithin,
  rectifyWithin: 'P7D',
  clock: severity === 'urgent' ? 'calendar' : 'working',
  updatedAt: new Date('2026-12-01T00:00:00Z'),
});

/** A stand-in for Postgres that counts reads and can hold one back until released. */
function fakeDatabase() {
  let rows = [row('normal', 'P1D'), row('urgent', 'PT2H'), row('high', 'PT8H')];
  let held: (() => void) | undefined;
  const database = {
    reads: 0,
    holdNextRead: false,
    release: () => held?.(),
    async query(sql: string) {
      if (sql.includes('sla_policy_overrides')) return []; // no category has its own windows here
      database.reads += 1;
      const answer = rows.map((r) => ({ ...r }));
      if (database.holdNextRead) {
        database.holdNextRead = false;
        await new Promise<void>((resolve) => (held = resolve));
      }
      return answer;
    },
    getRepository: () => ({
      upsert: (value: { severity: string; ackWithin: string }) => {
        rows = rows.map((r) => (r.severity === value.severity ? row(r.severity, value.ackWithin) : r));
        return Promise.resolve();
      },
      findOneByOrFail: ({ severity }: { severity: string }) =>
        Promise.resolve(rows.find((r) => r.severity === severity)),
    }),
  };
  return database;
}

describe('SlaPolicies', () => {
  it('pages from the most to the least severe', async () => {
    const policies = new SlaPolicies(fakeDatabase() as unknown as DataSource);
    const first = await policies.list({ limit: 2 });
    expect(first.items.map((p) => p.severity)).toEqual(['urgent', 'high']);
    const cursor = decodeCursor(first.nextCursor!, z.tuple([severitySchema]))!;
    const second = await policies.list({ cursor, limit: 2 });
    expect(second).toEqual({ items: [expect.objectContaining({ severity: 'normal' })], nextCursor: null });
  });

  it('reads Postgres once for many lists, and again after a change', async () => {
    const database = fakeDatabase();
    const policies = new SlaPolicies(database as unknown as DataSource);
    await Promise.all([policies.list({ limit: 50 }), policies.list({ limit: 50 }), policies.list({ limit: 50 })]);
    expect(database.reads).toBe(1);
    await policies.update(actor, { severity: 'urgent', ackWithin: 'PT1H', rectifyWithin: 'P7D' });
    const after = await policies.list({ limit: 1 });
    expect(after.items[0]).toMatchObject({ severity: 'urgent', ackWithin: 'PT1H', clock: 'calendar', categories: [] });
    expect(database.reads).toBe(2);
  });

  it('does not keep what a read begun before a change returned', async () => {
    const database = fakeDatabase();
    const policies = new SlaPolicies(database as unknown as DataSource);
    database.holdNextRead = true;
    const early = policies.list({ limit: 1 });
    await policies.update(actor, { severity: 'urgent', ackWithin: 'PT1H', rectifyWithin: 'P7D' });
    database.release();
    expect((await early).items[0].ackWithin).toBe('PT2H'); // it began before the change
    expect((await policies.list({ limit: 1 })).items[0].ackWithin).toBe('PT1H');
  });
});
