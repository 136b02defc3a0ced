import { Secret, TOTP } from 'otpauth';
import { checkCode, newSecret, otpauthUri, stepAt } from './totp-rule.js';

describe('TOTP verification rule', () => {
  const secret = newSecret();
  const codeAt = (timestamp: number) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp });
  // The middle of a step, so ±30 s lands in the neighbouring steps.
  const now = 1_780_000_005_000;

  it('accepts the current code and reports its step', () => {
    expect(checkCode(secret, codeAt(now), now, null)).toEqual({ ok: true, step: stepAt(now) });
  });

  it('accepts the codes of one step before and after, and no further', () => {
    expect(checkCode(secret, codeAt(now - 30_000), now, null)).toEqual({ ok: true, step: stepAt(now) - 1 });
    expect(checkCode(secret, codeAt(now + 30_000), now, null)).toEqual({ ok: true, step: stepAt(now) + 1 });
    expect(checkCode(secret, codeAt(now - 60_000), now, null)).toEqual({ ok: false, reason: 'wrong' });
    expect(checkCode(secret, codeAt(now + 60_000), now, null)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('refuses a code already used, and an older one after a newer one', () => {
    const step = stepAt(now);
    expect(checkCode(secret, codeAt(now), now, step)).toEqual({ ok: false, reason: 'used' });
    expect(checkCode(secret, codeAt(now + 10_000), now + 10_000, step)).toEqual({ ok: false, reason: 'used' });
    expect(checkCode(secret, codeAt(now - 30_000), now, step)).toEqual({ ok: false, reason: 'used' });
    expect(checkCode(secret, codeAt(now + 30_000), now + 30_000, step)).toEqual({ ok: true, step: step + 1 });
  });

  it("refuses another secret's code and anything but the six digits", () => {
    const other = TOTP.generate({ secret: Secret.fromBase32(newSecret()), timestamp: now });
    if (other !== codeAt(now)) expect(checkCode(secret, other, now, null)).toEqual({ ok: false, reason: 'wrong' });
    for (const code of ['', '12345', '1234567', 'abcdef']) {
      expect(checkCode(secret, code, now, null)).toEqual({ ok: false, reason: 'wrong' });
    }
  });

  it('makes 160-bit secrets and the URI authenticator apps read', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newSecret()).not.toBe(secret);
    const uri = new URL(otpauthUri('Campus Whistle', 'police.head', secret));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(Object.fromEntries(['algorithm', 'digits', 'period'].map((k) => [k, uri.searchParams.get(k)]))).toEqual({
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
