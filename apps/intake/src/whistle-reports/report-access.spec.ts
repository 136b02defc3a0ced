import { randomUUID } from 'node:crypto';
import { canReadReport } from './report-access.js';
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

describe('formatReference', () => {
  it('pads the counter to six digits', () => {
    expect(formatReference('DM', 2026, 123)).toBe('DM-2026-000123');
    expect(formatReference('DM', 2027, 1234567)).toBe('DM-2027-1234567');
  });
});
