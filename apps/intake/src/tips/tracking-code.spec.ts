import { canonical, codeHash, isWellFormedCode, newCredentials } from './tracking-code.js';

describe('tracking codes', () => {
  it('makes a 10-character code and a 16-character secret in readable groups', () => {
    const { trackingCode, secret } = newCredentials();
    expect(trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(secret).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
    // 32 symbols = 5 bits each: 26 symbols = 130 bits.
    expect(canonical(trackingCode).length + canonical(secret).length).toBe(26);
  });

  it('never repeats in many draws', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => newCredentials().trackingCode));
    expect(seen.size).toBe(5000);
  });

  it('reads what people type: lower case, spaces, O for 0, I or L for 1', () => {
    expect(canonical(' ab1o0-il234 ')).toBe('AB10011234');
    expect(codeHash('ab1o0-il234')).toBe(codeHash('AB100 11234'));
    expect(isWellFormedCode('ab1o0-il234')).toBe(true);
    expect(isWellFormedCode('AB100-1123')).toBe(false);
    expect(isWellFormedCode('AB100-1123U')).toBe(false);
  });
});
