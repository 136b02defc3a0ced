import { randomUUID } from 'node:crypto';
import { Routes } from '#libs/contracts';
import { canReadReport, COUNTY_WIDE, reportListSchool } from './report-access.js';
import { formatReference } from './reference.js';

const school = randomUUID();
const actor = (role: Parameters<typeof canReadReport>[0]['role'], orgId = randomUUID()) => ({
  userId: randomUUID(),
  role,
  orgId,
});

describe('canReadReport', () => {
  it('lets a school read its own report only', () => {
    expect(canReadReport(actor('school_reporter', school), { schoolId: school })).toBe(true);
    expect(canReadReport(actor('school_reporter'), { schoolId: school })).toBe(false);
  });

  it('lets county-wide roles read any report and departments none', () => {
    expect(canReadReport(actor('taskforce_dispatcher'), { schoolId: school })).toBe(true);
    expect(canReadReport(actor('supervisor'), { schoolId: school })).toBe(true);
    expect(canReadReport(actor('department_handler'), { schoolId: school })).toBe(false);
    expect(canReadReport(actor('inspector'), { schoolId: school })).toBe(false);
  });
});

describe('reportListSchool', () => {
  it("keeps a school to its own reports, from the token, and refuses another school's as missing", () => {
    expect(reportListSchool(actor('school_reporter', school), undefined)).toBe(school);
    expect(reportListSchool(actor('school_reporter', school), school)).toBe(school);
    expect(() => reportListSchool(actor('school_reporter', school), randomUUID())).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('lets county-wide roles list every school or the one they ask for', () => {
    const other = randomUUID();
    expect(reportListSchool(actor('bureau_reviewer'), undefined)).toBeUndefined();
    expect(reportListSchool(actor('taskforce_dispatcher'), other)).toBe(other);
    expect(reportListSchool(actor('supervisor', school), other)).toBe(other);
  });

  it('gives no list to anyone else', () => {
    expect(() => reportListSchool(actor('department_handler'), undefined)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => reportListSchool(actor('inspector'), school)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('is reached by the roles that may read one report, and no others', () => {
    expect([...Routes.IntakeListWhistleReports.access].sort()).toEqual([...COUNTY_WIDE, 'school_reporter'].sort());
  });
});

describe('formatReference', () => {
  it('pads the counter to six digits', () => {
    expect(formatReference('DM', 2026, 123)).toBe('DM-2026-000123');
    expect(formatReference('DM', 2027, 1234567)).toBe('DM-2027-1234567');
  });
});
