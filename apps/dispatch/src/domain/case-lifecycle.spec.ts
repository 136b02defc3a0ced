import { CASE_STATUSES } from '#libs/contracts';
import { allowedCommands, IllegalTransitionError, nextStatus, openingStatus } from './case-lifecycle.js';

describe('case lifecycle', () => {
  it('walks the closed loop from report to close', () => {
    let status = nextStatus('REPORTED', 'screen');
    for (const command of ['assess', 'assign', 'acknowledge', 'start', 'rectify', 'verify', 'confirm'] as const) {
      status = nextStatus(status, command);
    }
    expect(status).toBe('CLOSED');
  });

  it('sends a failed verification back to assignment, and a dispute back to verification', () => {
    expect(nextStatus(nextStatus('RECTIFIED', 'reopen'), 'assign')).toBe('ASSIGNED');
    expect(nextStatus('VERIFIED', 'dispute')).toBe('RECTIFIED');
    expect(nextStatus('VERIFIED', 'close')).toBe('CLOSED');
  });

  it('lets the task force take a report before the screen, and a declined case back for reassignment', () => {
    expect(nextStatus('REPORTED', 'assign')).toBe('ASSIGNED');
    expect(nextStatus('REPORTED', 'assess')).toBe('ASSESSED');
    expect(nextStatus(nextStatus('ACKNOWLEDGED', 'transfer'), 'assign')).toBe('ASSIGNED');
  });

  it('opens a report for the screen, and everything else (or a life at stake) in the task force queue', () => {
    expect(openingStatus('report', false)).toBe('REPORTED');
    expect(openingStatus('report', true)).toBe('FORWARDED');
    for (const source of ['tip', 'inspection', 'supervision'] as const)
      expect(openingStatus(source, false)).toBe('FORWARDED');
  });

  it('refuses an illegal transition with a 409 naming the allowed commands', () => {
    expect(() => nextStatus('CLOSED', 'assign')).toThrow(IllegalTransitionError);
    expect(() => nextStatus('REPORTED', 'verify')).toThrow(
      'a case that is REPORTED cannot be sent "verify"; allowed: screen, assess, assign, merge',
    );
    expect(() => nextStatus('MERGED', 'reopen')).toThrow('allowed: none');
    try {
      nextStatus('MERGED', 'reopen');
    } catch (error) {
      expect((error as IllegalTransitionError).status).toBe(409);
    }
    expect.assertions(4);
  });

  it('leaves the end states with no way out', () => {
    for (const status of ['CLOSED', 'REJECTED', 'MERGED'] as const) expect(allowedCommands(status)).toEqual([]);
  });

  it('gives every non-final status a way forward', () => {
    const finals = new Set(['CLOSED', 'REJECTED', 'MERGED']);
    for (const status of CASE_STATUSES.filter((s) => !finals.has(s)))
      expect(allowedCommands(status).length).toBeGreaterThan(0);
  });
});
