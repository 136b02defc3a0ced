import { AppError } from '#libs/errors';
import { type OrganisationState, reinstated, renamed, retired, retirementRefusal } from './organisation-lifecycle.js';

const county = '00000000-0000-4000-8000-0000000000c0';
const org = (overrides: Partial<OrganisationState> = {}): OrganisationState => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  kind: 'department',
  code: 'DM-HEALTH',
  name: '县卫健委',
  retiredAt: null,
  revision: 1,
  ...overrides,
});
const admin = { callerOrgId: county };
const now = new Date('2026-11-02T03:00:00Z');

describe('an organisation renamed, retired and reinstated', () => {
  it('renames with a new revision; the same name again is no change (nothing to announce)', () => {
    expect(renamed(org(), '县卫生健康委员会')).toEqual(org({ name: '县卫生健康委员会', revision: 2 }));
    expect(renamed(org({ revision: 4 }), '县卫健委')).toBeNull();
  });

  it('retires a school or a unit with no work left, keeping everything but the date', () => {
    expect(retired(org(), now, { ...admin, commitments: { openTasks: 0, routingRules: 0 } })).toEqual(
      org({ retiredAt: now, revision: 2 }),
    );
    expect(retired(org({ kind: 'school', revision: 3 }), now, admin)).toEqual(
      org({ kind: 'school', retiredAt: now, revision: 4 }),
    );
  });

  it('retires once: retiring again changes nothing and keeps the first date', () => {
    const first = new Date('2026-10-01T00:00:00Z');
    expect(retired(org({ retiredAt: first, revision: 2 }), now, admin)).toBeNull();
  });

  it('never retires the county, the task force or the administrator’s own organisation (409)', () => {
    for (const kind of ['county', 'taskforce'] as const) {
      expect(retirementRefusal(org({ kind }), admin)).toMatch(/only schools and units/);
      expect(() => retired(org({ kind }), now, admin)).toThrow(AppError);
    }
    expect(retirementRefusal(org({ id: county, kind: 'school' }), admin)).toMatch(/their own organisation/);
  });

  it('refuses to retire a unit that still has tasks on open cases or is named by a routing rule, saying what is left', () => {
    const refusal = (openTasks: number, routingRules: number) =>
      retirementRefusal(org(), { ...admin, commitments: { openTasks, routingRules } });
    expect(refusal(0, 0)).toBeNull();
    expect(refusal(1, 0)).toBe(
      'the unit still has work: 1 task on cases not yet ended (the task force reassigns them, or the unit declines them, first)',
    );
    expect(refusal(3, 2)).toMatch(
      /3 tasks on cases not yet ended.*; 2 routing rules name it \(change the routing rules first\)/,
    );
    expect(refusal(0, 1)).toMatch(/1 routing rule names it/);
    let error: unknown;
    try {
      retired(org(), now, { ...admin, commitments: { openTasks: 2, routingRules: 0 } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).toBody()).toMatchObject({ status: 409, error: 'conflict' });
  });

  it('reinstates a retired one with a new revision; one in service is no change', () => {
    expect(reinstated(org({ retiredAt: now, revision: 2 }))).toEqual(org({ retiredAt: null, revision: 3 }));
    expect(reinstated(org())).toBeNull();
  });
});
