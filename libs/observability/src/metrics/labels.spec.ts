import { methodLabel, rpcOutcome, secondsBetween, statusClass, stepKind } from './labels.js';

describe('metric labels', () => {
  it('keeps HTTP methods to the known ones', () => {
    expect(['GET', 'POST', 'DELETE'].map(methodLabel)).toEqual(['GET', 'POST', 'DELETE']);
    expect(methodLabel('BREW')).toBe('OTHER');
  });

  it('gives the class of a status', () => {
    expect([200, 201, 302, 400, 404, 500, 503].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
    ]);
    expect([0, 99, 600, 201.5].map(statusClass)).toEqual(['other', 'other', 'other', 'other']);
  });

  it('tells an RPC outcome from its status', () => {
    expect([200, 400, 404, 409, 500, 503].map(rpcOutcome)).toEqual([
      'ok',
      'client_error',
      'client_error',
      'client_error',
      'server_error',
      'unavailable',
    ]);
  });

  it('names the kind of a deadline step', () => {
    expect(['reminder:0.5', 'breach', 'escalation:2', 'made-up'].map(stepKind)).toEqual([
      'reminder',
      'breach',
      'escalation',
      'other',
    ]);
  });

  it('measures seconds between two instants', () => {
    const due = Date.parse('2026-12-01T08:00:00.000Z');
    expect(secondsBetween(due, Date.parse('2026-12-01T08:00:01.250Z'))).toBe(1.25);
    expect(secondsBetween(due, Date.parse('2026-12-01T07:59:59.500Z'))).toBe(-0.5);
  });
});
