import { CASE_STATUSES } from '#libs/contracts';
import { allowedCommands, IllegalTransitionError, nextStatus } from './case-lifecycle.js';

describe('case lifecycle', () => {
  it('walks the closed loop from report to close', () => {
    let status = nextStatus('REPORTED', 'assess');
    for (const command of ['assign', 'acknowledge', 'start', 'rectify', 'verify', 'close'] as const) {
      status = nextStatus(status, command);
    }
    expect(status).toBe('CLOSED');
  });

  it('sends a failed verification back to assignment', () => {
    expect(nextStatus(nextStatus('RECTIFIED', 'reopen'), 'assign')).toBe('ASSIGNED');
  });

  it('refuses an illegal transition with a clear 409', () => {
    expect(() => nextStatus('CLOSED', 'assign')).toThrow(IllegalTransitionError);
    expect(() => nextStatus('REPORTED', 'acknowledge')).toThrow('a case that is REPORTED cannot be sent "acknowledge"');
    try {
      nextStatus('MERGED', 'reopen');
    } catch (error) {
      expect((error as IllegalTransitionError).status).toBe(409);
    }
    expect.assertions(3);
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
