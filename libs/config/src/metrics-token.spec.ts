import { baseEnvSchema } from './env.js';
import { loadConfig } from './load-config.js';
import { generateTokenKeys } from './token-keys.js';

const keys = generateTokenKeys().JWT_PUBLIC_KEYS;
const load = (METRICS_TOKEN?: string) => loadConfig('gateway', baseEnvSchema, { JWT_PUBLIC_KEYS: keys, METRICS_TOKEN });

describe('METRICS_TOKEN', () => {
  it('is optional, and empty means unset', () => {
    expect(load().METRICS_TOKEN).toBeUndefined();
    expect(load('').METRICS_TOKEN).toBeUndefined();
  });

  it('takes a long enough secret of printable characters', () => {
    const token = 'f3a9c1e07b2d4a6e8c0b1d2e3f405162';
    expect(load(token).METRICS_TOKEN).toBe(token);
  });

  it('refuses a short token or one with spaces, naming the variable', () => {
    expect(() => load('short')).toThrow(/METRICS_TOKEN is malformed: must be at least 24 characters/);
    expect(() => load('a token with spaces that is long enough')).toThrow(/METRICS_TOKEN is malformed: printable/);
  });
});
