import { randomUUID } from 'node:crypto';
import { DIGEST_MAX_TASKS } from '#libs/contracts';
import { composeDigests, type OpenTask } from './compose-digests.js';

const UNIT_A = randomUUID();
const UNIT_B = randomUUID();

const task = (unitId: string, reference: string, dueAt: string | null, overdue = false): OpenTask => ({
  unitId,
  taskId: randomUUID(),
  caseId: randomUUID(),
  reference,
  role: 'lead',
  deadline: 'rectify',
  dueAt,
  overdue,
});

describe('composeDigests', () => {
  it('writes one digest per unit with its counts, overdue first, then the nearest deadline', () => {
    const digests = composeDigests('2026-12-01', [
      task(UNIT_A, 'A-LATER', '2026-12-09T00:00:00Z'),
      task(UNIT_A, 'A-NONE', null),
      task(UNIT_A, 'A-SOON', '2026-12-02T00:00:00Z'),
      task(UNIT_A, 'A-OVERDUE', '2026-11-20T00:00:00Z', true),
      task(UNIT_B, 'B-ONE', '2026-12-03T00:00:00Z'),
    ]);
    expect(digests).toHaveLength(2);
    const a = digests.find((digest) => digest.unitId === UNIT_A)!;
    expect(a).toMatchObject({ day: '2026-12-01', open: 4, overdue: 1 });
    expect(a.tasks.map((t) => t.reference)).toEqual(['A-OVERDUE', 'A-SOON', 'A-LATER', 'A-NONE']);
    expect(a.tasks[0]).not.toHaveProperty('unitId');
    expect(digests.find((digest) => digest.unitId === UNIT_B)).toMatchObject({ open: 1, overdue: 0 });
  });

  it('names at most the most pressing tasks, and counts them all', () => {
    const many = Array.from({ length: DIGEST_MAX_TASKS + 5 }, (_, i) =>
      task(
        UNIT_A,
        `A-${String(i).padStart(2, '0')}`,
        `2026-12-${String(2 + (i % 20)).padStart(2, '0')}T00:00:00Z`,
        i >= DIGEST_MAX_TASKS,
      ),
    );
    const [digest] = composeDigests('2026-12-01', many);
    expect(digest.open).toBe(DIGEST_MAX_TASKS + 5);
    expect(digest.overdue).toBe(5);
    expect(digest.tasks).toHaveLength(DIGEST_MAX_TASKS);
    expect(digest.tasks.slice(0, 5).every((t) => t.overdue)).toBe(true);
  });

  it('writes nothing when no unit has an open task', () => {
    expect(composeDigests('2026-12-01', [])).toEqual([]);
  });
});
