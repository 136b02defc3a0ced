import { newRecoveryCode, normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes.js';

describe('recovery codes', () => {
  it('are 16 unambiguous characters in four groups, different each time', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are read as typed: any case, with or without dashes and spaces', () => {
    const code = newRecoveryCode();
    const user = '6f1c0c2e-8a4e-4a53-9c7a-1d2b3c4d5e6f';
    for (const typed of [code, code.toUpperCase(), code.replace(/-/g, ''), code.replace(/-/g, ' ')]) {
      expect(recoveryCodeHash(user, typed)).toBe(recoveryCodeHash(user, code));
    }
    expect(normaliseRecoveryCode('0000-1111-iiii-llll')).toBeUndefined();
    expect(normaliseRecoveryCode('abcd-efgh')).toBeUndefined();
  });

  it('hash per user: the same code of another user is another hash', () => {
    const code = newRecoveryCode();
    expect(recoveryCodeHash('a', code)).not.toBe(recoveryCodeHash('b', code));
  });
});
