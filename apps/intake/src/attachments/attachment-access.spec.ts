import { randomUUID } from 'node:crypto';
import type { Actor } from '#libs/auth';
import { mayOpenAttachedElsewhere as may } from './attachment-access.js';

const school = randomUUID();
const unit = randomUUID();
const actor = (role: Actor['role'], orgId = randomUUID()): Actor => ({ userId: randomUUID(), role, orgId });

describe('mayOpenAttachedElsewhere', () => {
  const evidence = { kind: 'evidence' as const, unitId: unit, reportSchoolId: school };

  it('opens a case’s evidence to the task force, supervisors, the unit and the report’s school', () => {
    expect(may(actor('taskforce_dispatcher'), evidence)).toBe(true);
    expect(may(actor('supervisor'), evidence)).toBe(true);
    expect(may(actor('department_handler', unit), evidence)).toBe(true);
    expect(may(actor('department_head', unit), evidence)).toBe(true);
    expect(may(actor('school_reporter', school), evidence)).toBe(true);
  });

  it('keeps a case’s evidence from other units, other schools and roles without a part in the case', () => {
    expect(may(actor('department_handler'), evidence)).toBe(false);
    expect(may(actor('school_reporter'), evidence)).toBe(false);
    expect(may(actor('inspector'), evidence)).toBe(false);
    expect(may(actor('bureau_reviewer'), evidence)).toBe(false);
    // A school-kind role in the unit's organisation id is still not a unit.
    expect(may(actor('school_reporter', unit), evidence)).toBe(false);
  });

  it('opens no case’s evidence to any school when the case came from no report of intake', () => {
    expect(may(actor('school_reporter', school), { ...evidence, reportSchoolId: null })).toBe(false);
    expect(may(actor('taskforce_dispatcher'), { ...evidence, reportSchoolId: null })).toBe(true);
  });

  it.each(['inspection', 'checklist'] as const)('opens a %s’s files to the county roles and that school', (kind) => {
    const target = { kind, schoolId: school };
    for (const role of ['inspector', 'supervisor', 'administrator', 'taskforce_dispatcher'] as const) {
      expect(may(actor(role), target)).toBe(true);
    }
    expect(may(actor('school_reporter', school), target)).toBe(true);
    expect(may(actor('school_reporter'), target)).toBe(false);
    expect(may(actor('department_handler'), target)).toBe(false);
    expect(may(actor('bureau_reviewer'), target)).toBe(false);
  });
});
