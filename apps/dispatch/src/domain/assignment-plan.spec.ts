import { planAssignment } from './assignment-plan.js';
import { Task } from './task.js';

const at = new Date('2026-03-02T00:00:00Z');
const task = (unitId: string, role: 'lead' | 'assisting') =>
  Task.assign({ id: `t-${unitId}`, caseId: 'c1', unitId, role, at, ackDueAt: at, rectifyDueAt: at });

describe('assignment plan', () => {
  it('gives every unit a task on a first assignment', () => {
    expect(planAssignment([], 'a', ['b', 'c'])).toEqual({
      create: [
        { unitId: 'a', role: 'lead' },
        { unitId: 'b', role: 'assisting' },
        { unitId: 'c', role: 'assisting' },
      ],
      keep: [],
      supersede: [],
    });
  });

  it('keeps a unit still on the case, in its new role; relieves one left out; gives a declined unit a new task', () => {
    const [a, b, c] = [task('a', 'lead'), task('b', 'assisting'), task('c', 'assisting')];
    a.decline('not ours', at);
    const plan = planAssignment([a, b, c], 'b', ['a']);
    expect(plan.create).toEqual([{ unitId: 'a', role: 'assisting' }]);
    expect(plan.keep).toEqual([{ task: b, role: 'lead' }]);
    expect(plan.supersede).toEqual([c]);
  });
});
