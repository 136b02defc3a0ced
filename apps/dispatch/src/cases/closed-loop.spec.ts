import type { Actor } from '#libs/auth';
import type { Role } from '#libs/contracts';
import { InMemoryDispatch } from '../domain/in-memory-ports.js';
import { TaskCommands } from '../tasks/task-commands.js';
import { AssignCaseUseCase } from './assign-case.use-case.js';
import { CaseCommands } from './case-commands.js';
import { type CaseSourceItem, OpenCaseUseCase } from './open-case.use-case.js';

const ids = {
  school: '00000000-0000-4000-8000-000000000001',
  otherSchool: '00000000-0000-4000-8000-000000000002',
  psb: '00000000-0000-4000-8000-0000000000a1',
  edu: '00000000-0000-4000-8000-0000000000a2',
  plc: '00000000-0000-4000-8000-0000000000a3',
  taskforce: '00000000-0000-4000-8000-0000000000f1',
};
const actor = (role: Role, orgId: string, userId = `00000000-0000-4000-9000-${orgId.slice(-12)}`): Actor => ({
  userId,
  role,
  orgId,
});
const dispatcher = actor('taskforce_dispatcher', ids.taskforce);
const reviewer = actor('bureau_reviewer', ids.edu, '00000000-0000-4000-9000-00000000bbbb');
const school = actor('school_reporter', ids.school);
const psb = actor('department_handler', ids.psb);
const edu = actor('department_handler', ids.edu);
const plc = actor('department_head', ids.plc);

let seq = 0;
const report = (overrides: Partial<CaseSourceItem> = {}): CaseSourceItem => {
  seq += 1;
  const id = `10000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    id,
    reference: `DM-2026-${String(seq).padStart(6, '0')}`,
    source: 'report',
    sourceId: id,
    schoolId: ids.school,
    category: 'bullying',
    severity: 'high',
    lifeSafety: false,
    reportedAt: new Date('2026-03-02T00:00:00Z'),
    ...overrides,
  };
};

describe('the closed loop, against in-memory ports', () => {
  let world: InMemoryDispatch;
  let open: OpenCaseUseCase;
  let cases: CaseCommands;
  let assign: AssignCaseUseCase;
  let tasks: TaskCommands;
  const system = { kind: 'system' as const, id: 'intake', role: null };

  beforeEach(() => {
    world = new InMemoryDispatch();
    for (const unit of [ids.psb, ids.edu, ids.plc]) world.departments.add(unit);
    open = new OpenCaseUseCase(world, { referencePrefix: 'DM', yearOf: (at) => at.getUTCFullYear() });
    cases = new CaseCommands(world, { autoCloseAfterDays: 5 });
    assign = new AssignCaseUseCase(world);
    tasks = new TaskCommands(world);
  });

  const statusOf = (caseId: string) => world.cases.get(caseId)!.status;
  const eventsOf = (type: string) => world.events.filter((e) => e.type === type);
  /** Runs a command that must be refused, and checks it changed nothing. */
  const refused = async (command: () => Promise<unknown>, status: number, message?: string | RegExp) => {
    const before = JSON.stringify([[...world.cases], [...world.tasks], world.timeline, world.deadlines, world.events]);
    const error = await command().then(
      () => undefined,
      (e: unknown) => e as { status: number; message: string },
    );
    expect(error?.status).toBe(status);
    if (message) expect(error?.message).toMatch(message);
    expect(JSON.stringify([[...world.cases], [...world.tasks], world.timeline, world.deadlines, world.events])).toBe(
      before,
    );
  };

  /** A report screened, assessed and assigned to PSB (lead) and EDU (assisting). */
  const assigned = async () => {
    const item = report();
    await open.execute(item, system);
    await cases.screen(reviewer, { caseId: item.id, decision: 'forward', reason: 'needs departments' });
    await cases.assess(dispatcher, { caseId: item.id, category: 'bullying', severity: 'high', riskLevel: 'high' });
    const answer = await assign.execute(dispatcher, {
      caseId: item.id,
      leadUnitId: ids.psb,
      assistingUnitIds: [ids.edu],
      severity: 'high',
    });
    const lead = answer.tasks.find((t) => t.role === 'lead')!.id;
    const assisting = answer.tasks.find((t) => t.role === 'assisting')!.id;
    return { caseId: item.id, lead, assisting };
  };

  it('opens a report once, through the lifecycle, announcing it', async () => {
    const item = report();
    const opened = await open.execute(item, system);
    expect(opened?.status).toBe('REPORTED');
    expect(await open.execute(item, system)).toBeNull();
    // The opening is status change number 1, announced by `dispatch.case.opened` alone.
    expect(eventsOf('dispatch.case.opened')).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({ caseId: item.id, source: 'report', lifeSafety: false, status: 'REPORTED' }),
      }),
    ]);
    expect(eventsOf('dispatch.case.status-changed')).toEqual([]);
    expect(world.timeline).toEqual([expect.objectContaining({ command: 'open', from: null, to: 'REPORTED' })]);
  });

  it('opens a life-safety report urgent and straight in the task force queue; supervision and findings too', async () => {
    const urgent = report({ lifeSafety: true, severity: 'normal' });
    await open.execute(urgent, system);
    expect(world.cases.get(urgent.id)).toMatchObject({ status: 'FORWARDED', severity: 'urgent', lifeSafety: true });
    const downgrade = await open.execute(
      report({ source: 'supervision', sourceId: 'school@2026-Q1', reference: null }),
      system,
    );
    expect(downgrade?.state).toMatchObject({ status: 'FORWARDED', reference: 'DM-SUP-2026-000001' });
    expect(eventsOf('dispatch.case.opened').map((e) => e.payload.status)).toEqual(['FORWARDED', 'FORWARDED']);
    await open.execute(report({ source: 'tip', schoolId: null }), system);
    expect(eventsOf('dispatch.case.status-changed')).toEqual([]);
  });

  it('screens a report: forwarded, resolved or rejected, once, with the reason on the timeline', async () => {
    const [a, b, c] = [report(), report(), report()];
    for (const item of [a, b, c]) await open.execute(item, system);
    await cases.screen(reviewer, { caseId: a.id, decision: 'forward', reason: 'several departments' });
    await cases.screen(reviewer, { caseId: b.id, decision: 'resolve', reason: 'fixed by the bureau' });
    await cases.screen(reviewer, { caseId: c.id, decision: 'reject', reason: 'not a safety problem' });
    expect([statusOf(a.id), statusOf(b.id), statusOf(c.id)]).toEqual(['FORWARDED', 'CLOSED', 'REJECTED']);
    expect(world.timeline.filter((e) => e.caseId === c.id).at(-1)).toMatchObject({
      command: 'screen',
      from: 'REPORTED',
      to: 'REJECTED',
      reason: 'not a safety problem',
      actorRole: 'bureau_reviewer',
    });
    await refused(
      () => cases.screen(reviewer, { caseId: a.id, decision: 'forward', reason: 'again' }),
      409,
      'a case that is FORWARDED cannot be sent "screen"; allowed: assess, assign, merge',
    );
  });

  it('proposes units from the routing rules, the sub-category before the category', async () => {
    world.rules = [
      { category: 'bullying', leadUnitId: ids.edu, assistingUnitIds: [ids.psb] },
      { category: 'bullying', subcategory: 'gang', leadUnitId: ids.psb, assistingUnitIds: [ids.edu, ids.plc] },
    ];
    const [a, b] = [report(), report()];
    await open.execute(a, system);
    await open.execute(b, system);
    const plain = await cases.assess(dispatcher, {
      caseId: a.id,
      category: 'bullying',
      severity: 'high',
      riskLevel: 'medium',
    });
    expect(plain.proposal).toEqual({ leadUnitId: ids.edu, assistingUnitIds: [ids.psb] });
    const gang = await cases.assess(dispatcher, {
      caseId: b.id,
      category: 'bullying',
      subcategory: 'gang',
      severity: 'urgent',
      riskLevel: 'critical',
    });
    expect(gang).toMatchObject({ status: 'ASSESSED', riskLevel: 'critical', severity: 'urgent' });
    expect(gang.proposal).toEqual({ leadUnitId: ids.psb, assistingUnitIds: [ids.edu, ids.plc] });
  });

  it('assigns one task per unit with acknowledgement and rectification deadlines', async () => {
    const { caseId, lead, assisting } = await assigned();
    expect(statusOf(caseId)).toBe('ASSIGNED');
    expect(world.tasks.get(lead)).toMatchObject({
      role: 'lead',
      ackDueAt: new Date(world.now.getTime() + 2 * 3600_000),
      rectifyDueAt: new Date(world.now.getTime() + 24 * 3600_000),
    });
    expect(world.pending(lead)).toEqual(['ack', 'rectify']);
    expect(world.pending(assisting)).toEqual(['ack', 'rectify']);
    expect(eventsOf('dispatch.task.assigned')).toHaveLength(2);
    await refused(
      () => assign.execute(dispatcher, { caseId, leadUnitId: ids.plc, assistingUnitIds: [], severity: 'high' }),
      409,
      /ASSIGNED cannot be sent "assign"/,
    );
  });

  it('refuses an unknown unit with a 400 naming it, writing nothing', async () => {
    const item = report();
    await open.execute(item, system);
    await refused(
      () =>
        assign.execute(dispatcher, {
          caseId: item.id,
          leadUnitId: ids.psb,
          assistingUnitIds: [ids.edu, ids.school],
          severity: 'high',
        }),
      400,
      'assistingUnitIds.1',
    );
  });

  it('refuses a retired unit, lead or assisting, with a 400 naming it, writing nothing; proposes no retired unit', async () => {
    world.retiredUnits.add(ids.plc);
    world.rules = [{ category: 'bullying', leadUnitId: ids.psb, assistingUnitIds: [ids.plc, ids.edu] }];
    const item = report();
    await open.execute(item, system);
    await cases.screen(reviewer, { caseId: item.id, decision: 'forward', reason: 'needs departments' });
    const assessed = await cases.assess(dispatcher, {
      caseId: item.id,
      category: 'bullying',
      severity: 'high',
      riskLevel: 'high',
    });
    expect(assessed.proposal).toEqual({ leadUnitId: ids.psb, assistingUnitIds: [ids.edu] });
    for (const [leadUnitId, assistingUnitIds, field] of [
      [ids.plc, [], 'leadUnitId'],
      [ids.psb, [ids.edu, ids.plc], 'assistingUnitIds.1'],
    ] as const) {
      await refused(
        () =>
          assign.execute(dispatcher, {
            caseId: item.id,
            leadUnitId,
            assistingUnitIds: [...assistingUnitIds],
            severity: 'high',
          }),
        400,
        `${field}: this unit has been retired`,
      );
    }
    // In service again (reinstated): assigned as any unit.
    world.retiredUnits.delete(ids.plc);
    const answer = await assign.execute(dispatcher, {
      caseId: item.id,
      leadUnitId: ids.plc,
      assistingUnitIds: [],
      severity: 'high',
    });
    expect(answer.tasks).toEqual([expect.objectContaining({ unitId: ids.plc, role: 'lead' })]);
  });

  it('walks acknowledgement, feedback, rectification (409 before the feedback), verification and confirmation', async () => {
    const { caseId, lead, assisting } = await assigned();
    await refused(() => tasks.acknowledge(psb, { taskId: assisting }), 404, 'task not found');
    await tasks.acknowledge(edu, { taskId: assisting });
    expect(statusOf(caseId)).toBe('ASSIGNED');
    await tasks.acknowledge(psb, { taskId: lead });
    expect(statusOf(caseId)).toBe('ACKNOWLEDGED');
    expect(world.pending(lead)).toEqual(['rectify']);
    await refused(() => tasks.acknowledge(psb, { taskId: lead }), 409, 'already been acknowledged');

    await tasks.progress(psb, { taskId: lead, note: 'talked to the students' });
    expect(statusOf(caseId)).toBe('IN_PROGRESS');
    await refused(
      () => tasks.rectify(psb, { taskId: lead, summary: 'done', evidence: [] }),
      409,
      /1 assisting unit\(s\) have not given their feedback/,
    );
    await refused(() => tasks.feedback(psb, { taskId: lead, summary: 'x' }), 409, /lead unit reports with "rectify"/);
    await tasks.feedback(edu, { taskId: assisting, summary: 'counselling given' });
    expect(world.pending(assisting)).toEqual([]);
    await tasks.rectify(psb, { taskId: lead, summary: 'patrols at the gate', evidence: [ids.school] });
    expect(statusOf(caseId)).toBe('RECTIFIED');
    expect(world.pending(lead)).toEqual([]);
    expect(world.tasks.get(lead)).toMatchObject({ status: 'RECTIFIED', evidence: [ids.school] });

    await refused(() => cases.confirm(school, { caseId }), 409, 'allowed: verify, reopen');
    await cases.verify(dispatcher, { caseId, note: 'checked on site' });
    expect(world.cases.get(caseId)?.autoCloseAt).toEqual(new Date(world.now.getTime() + 5 * 86_400_000));
    await refused(() => cases.confirm(actor('school_reporter', ids.otherSchool), { caseId }), 404, 'case not found');
    await cases.confirm(school, { caseId });
    expect(statusOf(caseId)).toBe('CLOSED');
    const commands = world.timeline.filter((e) => e.caseId === caseId).map((e) => `${e.command}:${e.to}`);
    expect(commands).toEqual([
      'open:REPORTED',
      'screen:FORWARDED',
      'assess:ASSESSED',
      'assign:ASSIGNED',
      'acknowledge:ASSIGNED',
      'acknowledge:ACKNOWLEDGED',
      'start:IN_PROGRESS',
      'feedback:IN_PROGRESS',
      'rectify:RECTIFIED',
      'verify:VERIFIED',
      'confirm:CLOSED',
    ]);
    // Change number 1 was the opening (`dispatch.case.opened`); every later one is a status change.
    const sequences = eventsOf('dispatch.case.status-changed')
      .filter((e) => e.payload.caseId === caseId)
      .map((e) => e.payload.sequence);
    expect(sequences).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reopens a failed verification: the same units, new rectification deadlines', async () => {
    const { caseId, lead, assisting } = await assigned();
    await tasks.acknowledge(psb, { taskId: lead });
    await tasks.acknowledge(edu, { taskId: assisting });
    await tasks.feedback(edu, { taskId: assisting, summary: 'done' });
    await tasks.rectify(psb, { taskId: lead, summary: 'done', evidence: [] });
    await cases.verify(dispatcher, { caseId, note: 'ok' });
    await cases.reopen(dispatcher, { caseId, reason: 'the gate is unguarded again', rectifyWithin: 'P2D' });
    expect(statusOf(caseId)).toBe('ASSIGNED');
    expect(world.cases.get(caseId)?.autoCloseAt).toBeNull();
    for (const task of [lead, assisting]) {
      expect(world.tasks.get(task)).toMatchObject({
        status: 'ACKNOWLEDGED',
        rectifiedAt: null,
        rectifyDueAt: new Date(world.now.getTime() + 2 * 86_400_000),
      });
      expect(world.pending(task)).toEqual(['rectify']);
    }
    await tasks.feedback(edu, { taskId: assisting, summary: 'again' });
    await tasks.rectify(psb, { taskId: lead, summary: 'guard posted', evidence: [] });
    expect(statusOf(caseId)).toBe('RECTIFIED');
  });

  it('transfers a declined case back to the task force, which reassigns, keeping the unit still on it', async () => {
    const { caseId, lead, assisting } = await assigned();
    await tasks.acknowledge(edu, { taskId: assisting });
    await tasks.decline(psb, { taskId: lead, reason: 'not a police matter' });
    expect(statusOf(caseId)).toBe('TRANSFERRED');
    expect(world.pending(lead)).toEqual([]);
    await refused(() => tasks.acknowledge(psb, { taskId: lead }), 409, /DECLINED/);
    const before = eventsOf('dispatch.task.assigned').length;
    const answer = await assign.execute(dispatcher, {
      caseId,
      leadUnitId: ids.plc,
      assistingUnitIds: [ids.edu],
      severity: 'high',
    });
    expect(answer.tasks.map((t) => [t.unitId, t.role])).toEqual([
      [ids.plc, 'lead'],
      [ids.edu, 'assisting'],
    ]);
    expect(answer.tasks.find((t) => t.unitId === ids.edu)?.id).toBe(assisting);
    expect(eventsOf('dispatch.task.assigned')).toHaveLength(before + 1);
    const plcTask = answer.tasks.find((t) => t.unitId === ids.plc)!.id;
    await tasks.acknowledge(plc, { taskId: plcTask });
    expect(statusOf(caseId)).toBe('ACKNOWLEDGED');
  });

  it('puts a disputed case back in the task force queue, and closes a verified case left unanswered', async () => {
    const run = async () => {
      const { caseId, lead, assisting } = await assigned();
      await tasks.acknowledge(psb, { taskId: lead });
      await tasks.acknowledge(edu, { taskId: assisting });
      await tasks.feedback(edu, { taskId: assisting, summary: 'done' });
      await tasks.rectify(psb, { taskId: lead, summary: 'done', evidence: [] });
      await cases.verify(dispatcher, { caseId, note: 'ok' });
      return caseId;
    };
    const disputed = await run();
    await cases.dispute(school, { caseId: disputed, reason: 'still happening' });
    expect(world.cases.get(disputed)).toMatchObject({ status: 'RECTIFIED', disputed: true, autoCloseAt: null });

    const silent = await run();
    expect(await cases.autoCloseDue(10)).toBe(0);
    world.now = new Date(world.now.getTime() + 5 * 86_400_000);
    expect(await cases.autoCloseDue(10)).toBe(1);
    expect(statusOf(silent)).toBe('CLOSED');
    expect(world.timeline.filter((e) => e.caseId === silent).at(-1)).toMatchObject({
      command: 'close',
      actorRole: null,
      actorId: 'dispatch',
    });
    expect(statusOf(disputed)).toBe('RECTIFIED');
  });

  it('merges a duplicate into the surviving case and stops its deadlines', async () => {
    const { caseId, lead } = await assigned();
    const survivor = report();
    await open.execute(survivor, system);
    await cases.merge(dispatcher, { caseId, intoCaseId: survivor.id, reason: 'same incident' });
    expect(world.cases.get(caseId)).toMatchObject({ status: 'MERGED', mergedInto: survivor.id });
    expect(world.tasks.get(lead)?.status).toBe('SUPERSEDED');
    expect(world.pending(lead)).toEqual([]);
    expect(world.timeline.filter((e) => e.caseId === survivor.id).at(-1)).toMatchObject({ command: 'merge-in' });

    const closed = report();
    await open.execute(closed, system);
    await cases.screen(reviewer, { caseId: closed.id, decision: 'resolve', reason: 'done' });
    const other = report();
    await open.execute(other, system);
    await refused(
      () => cases.merge(dispatcher, { caseId: other.id, intoCaseId: closed.id, reason: 'dup' }),
      409,
      /must still be open/,
    );
  });
});
