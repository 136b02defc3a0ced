import { randomUUID } from 'node:crypto';
import { defineEvent } from './event-contract.js';
import { parseEvent } from './parse-event.js';
import { z } from 'zod';

const envelope = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'intake.whistle-report.submitted',
  version: 1,
  occurredAt: new Date().toISOString(),
  correlationId: 'c-1',
  causationId: null,
  actor: { kind: 'user', id: randomUUID() },
  payload: {
    reportId: randomUUID(),
    reference: 'DM-2026-000001',
    schoolId: randomUUID(),
    category: 'bullying',
    severity: 'high',
    submittedAt: new Date().toISOString(),
  },
  ...overrides,
});

describe('parseEvent', () => {
  it('accepts a valid, known event', () => {
    const parsed = parseEvent(JSON.stringify(envelope()));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.contract.type).toBe('intake.whistle-report.submitted');
  });

  it('rejects non-JSON bytes', () => {
    expect(parseEvent(new TextEncoder().encode('{not json'))).toEqual({ ok: false, reason: 'body is not JSON' });
  });

  it('rejects an unknown version with the type named', () => {
    const parsed = parseEvent(JSON.stringify(envelope({ version: 9 })));
    expect(parsed).toMatchObject({ ok: false, type: 'intake.whistle-report.submitted' });
    if (!parsed.ok) expect(parsed.reason).toContain('v9');
  });

  it('names the bad field but never echoes its value', () => {
    const secret = 'Zhang San, grade 3, bullied behind the gym';
    const bad = envelope();
    (bad.payload as Record<string, unknown>).category = secret;
    const parsed = parseEvent(JSON.stringify(bad));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toContain('category');
      expect(parsed.reason).not.toContain('Zhang');
    }
  });

  it('refuses to define an event whose type breaks the naming rule', () => {
    expect(() => defineEvent('Intake.Report', 1, z.object({}))).toThrow(/<service>.<entity>.<verb>/);
  });
});
