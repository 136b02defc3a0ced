import { type AuditEntry, type AuditRecord, chain, GENESIS, verifyChain } from './audit-chain.js';

const record = (i: number): AuditRecord => ({
  at: new Date(Date.UTC(2026, 11, 1, 8, 0, i)),
  actorId: i % 3 === 0 ? null : `00000000-0000-4000-8000-00000000000${i % 10}`,
  actorRole: i % 3 === 0 ? 'anonymous' : 'taskforce-dispatcher',
  action: i % 2 === 0 ? 'GET /api/tips/:id' : 'POST /api/cases/:id/assign',
  objectId: `10000000-0000-4000-8000-00000000000${i % 10}`,
  outcome: 200,
  correlationId: `c${i}`,
});

const build = (n: number): AuditEntry[] =>
  chain(
    { seq: 0, hash: GENESIS },
    Array.from({ length: n }, (_, i) => record(i + 1)),
  );

describe('audit chain', () => {
  it('verifies an untouched chain, appended in several batches', () => {
    const first = build(4);
    const more = chain(
      { seq: 4, hash: first[3].hash },
      [5, 6].map((i) => record(i)),
    );
    const result = verifyChain([...first, ...more], [{ seq: 4, hash: first[3].hash }]);
    expect(result).toEqual({ entries: 6, head: { seq: 6, hash: more[1].hash }, checkpoints: 1 });
  });

  it('names an edited entry', () => {
    const entries = build(5);
    entries[2] = { ...entries[2], outcome: 403 };
    expect(verifyChain(entries).broken).toEqual({ seq: 3, reason: expect.stringContaining('#3 was changed') });
  });

  it('names an edited entry whose hash was recomputed by its successor', () => {
    const entries = build(5);
    const forged = chain({ seq: 2, hash: entries[1].hash }, [{ ...entries[2], actorRole: 'administrator' }])[0];
    entries[2] = forged;
    expect(verifyChain(entries).broken).toEqual({ seq: 4, reason: expect.stringContaining('#4 does not follow #3') });
  });

  it('names a deleted entry', () => {
    const entries = build(5);
    entries.splice(1, 1);
    expect(verifyChain(entries).broken).toEqual({ seq: 2, reason: expect.stringContaining('#2 is missing') });
  });

  it('names two entries swapped', () => {
    const entries = build(5);
    const swapped = [entries[0], { ...entries[2], seq: 2 }, { ...entries[1], seq: 3 }, entries[3], entries[4]];
    expect(verifyChain(swapped).broken?.seq).toBe(2);
  });

  it('names a tail cut off, which only a checkpoint shows', () => {
    const entries = build(5);
    expect(verifyChain(entries.slice(0, 3)).broken).toBeUndefined();
    expect(verifyChain(entries.slice(0, 3), [{ seq: 5, hash: entries[4].hash }]).broken).toEqual({
      seq: 5,
      reason: expect.stringContaining('past the chain'),
    });
  });

  it('names a chain rewritten consistently up to a checkpoint', () => {
    const entries = build(5);
    const rewritten = chain(
      { seq: 0, hash: GENESIS },
      entries.map((entry, i) => (i === 1 ? { ...entry, outcome: 500 } : entry)),
    );
    expect(verifyChain(rewritten).broken).toBeUndefined();
    expect(verifyChain(rewritten, [{ seq: 4, hash: entries[3].hash }]).broken).toEqual({
      seq: 4,
      reason: expect.stringContaining('differs from its checkpoint'),
    });
  });
});
