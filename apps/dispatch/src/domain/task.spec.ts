import { Task } from './task.js';

const at = new Date('2026-03-02T00:00:00Z');
const later = (hours: number) => new Date(at.getTime() + hours * 3600_000);
const assign = (role: 'lead' | 'assisting' = 'lead') =>
  Task.assign({ id: 't1', caseId: 'c1', unitId: 'u1', role, at, ackDueAt: later(2), rectifyDueAt: later(24) });

describe('task', () => {
  it('starts both deadlines when assigned, and stops each as the unit moves past it', () => {
    const task = assign('assisting');
    expect(task.deadlineChanges.map((c) => (c.start ? `start ${c.kind}` : `stop ${c.kinds.join('+')}`))).toEqual([
      'start ack',
      'start rectify',
    ]);
    task.acknowledge('user', later(1));
    task.feedback('done', later(3));
    expect(task.deadlineChanges.slice(2).map((c) => (c.start ? 'start' : c.kinds.join('+')))).toEqual([
      'ack',
      'rectify',
    ]);
  });

  it('names the allowed steps when a step is illegal for the status or the role', () => {
    const task = assign('lead');
    expect(() => task.rectify('x', [], at)).toThrow(
      'a lead task that is ASSIGNED cannot be sent "rectify"; allowed: acknowledge, decline',
    );
    task.acknowledge('user', at);
    expect(() => task.acknowledge('user', at)).toThrow('this task has already been acknowledged');
    expect(() => task.feedback('x', at)).toThrow(/lead unit reports with "rectify"/);
    const assisting = assign('assisting');
    assisting.acknowledge('user', at);
    expect(() => assisting.rectify('x', [], at)).toThrow(/only the lead unit rectifies/);
  });

  it('keeps a finished task as it is when the case ends, and relieves an open one', () => {
    const done = assign('assisting');
    done.acknowledge('user', at);
    done.feedback('ok', at);
    done.supersede();
    expect(done.status).toBe('FEEDBACK_GIVEN');
    const open = assign('lead');
    open.supersede();
    expect(open.status).toBe('SUPERSEDED');
    expect(open.active).toBe(false);
  });

  it('reopens with a new rectification deadline, back on duty if the unit had acknowledged', () => {
    const task = assign('lead');
    task.acknowledge('user', at);
    task.rectify('done', ['e1'], later(5));
    task.reopen(later(6), later(54));
    expect(task.state).toMatchObject({ status: 'ACKNOWLEDGED', rectifiedAt: null, rectifyDueAt: later(54) });
    expect(task.deadlineChanges.at(-1)).toEqual({
      start: true,
      taskId: 't1',
      kind: 'rectify',
      startAt: later(6),
      dueAt: later(54),
    });
  });
});
