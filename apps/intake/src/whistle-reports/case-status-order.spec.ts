import { settle, supersedes } from './case-status-order.js';

const at = (iso: string) => new Date(iso);

describe('case status order', () => {
  it('takes the first change of a case', () => {
    expect(supersedes({ sequence: 0, changedAt: null }, { sequence: 1, changedAt: at('2026-01-01T00:00:00Z') })).toBe(
      true,
    );
  });

  it('takes a higher sequence even when its clock says it is older', () => {
    const held = { sequence: 2, changedAt: at('2026-01-01T10:00:00Z') };
    expect(supersedes(held, { sequence: 3, changedAt: at('2026-01-01T09:00:00Z') })).toBe(true);
  });

  it('keeps the held change against a lower or equal sequence, whatever its clock says', () => {
    const held = { sequence: 3, changedAt: at('2026-01-01T09:00:00Z') };
    expect(supersedes(held, { sequence: 2, changedAt: at('2026-01-01T10:00:00Z') })).toBe(false);
    expect(supersedes(held, { sequence: 3, changedAt: at('2026-01-01T10:00:00Z') })).toBe(false);
  });

  it('orders an unnumbered (v1) change by time only while no numbered change is held', () => {
    const unnumbered = { sequence: 0, changedAt: at('2026-01-01T09:00:00Z') };
    expect(supersedes(unnumbered, { sequence: null, changedAt: at('2026-01-01T10:00:00Z') })).toBe(true);
    expect(supersedes(unnumbered, { sequence: null, changedAt: at('2026-01-01T08:00:00Z') })).toBe(false);
    expect(
      supersedes({ sequence: 1, changedAt: null }, { sequence: null, changedAt: at('2030-01-01T00:00:00Z') }),
    ).toBe(false);
  });

  it('settles a batch: the latest change per case wins whatever the order, unknown cases are left out', () => {
    const held = new Map([
      ['a', { sequence: 1, changedAt: at('2026-01-01T09:00:00Z') }],
      ['b', { sequence: 4, changedAt: at('2026-01-01T09:00:00Z') }],
    ]);
    const winners = settle(held, [
      { caseId: 'a', status: 'ASSIGNED', sequence: 3, changedAt: at('2026-01-01T10:00:00Z') },
      { caseId: 'a', status: 'ASSESSED', sequence: 2, changedAt: at('2026-01-01T11:00:00Z') },
      { caseId: 'b', status: 'REPORTED', sequence: 2, changedAt: at('2026-01-01T12:00:00Z') },
      { caseId: 'x', status: 'REPORTED', sequence: 1, changedAt: at('2026-01-01T12:00:00Z') },
    ]);
    expect([...winners]).toEqual([['a', { status: 'ASSIGNED', sequence: 3, changedAt: at('2026-01-01T10:00:00Z') }]]);
  });
});
