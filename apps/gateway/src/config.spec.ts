import { randomBytes } from 'node:crypto';
import { generateTokenKeys, loadConfig } from '#libs/config';
import { gatewayConfigSchema } from './config.js';

describe('gateway config', () => {
  const keys = { ...generateTokenKeys('k'), TOTP_KEYS: `t1:${randomBytes(32).toString('base64')}` };

  it('refuses DEMO_SEED in production', () => {
    expect(() =>
      loadConfig('gateway', gatewayConfigSchema, {
        ...keys,
        NODE_ENV: 'production',
        DEMO_SEED: 'true',
        DEMO_PASSWORD: 'a-demo-password',
      }),
    ).toThrow(/DEMO_SEED .*must not be on when NODE_ENV=production/);
    expect(loadConfig('gateway', gatewayConfigSchema, { ...keys, NODE_ENV: 'production' }).DEMO_SEED).toBe(false);
    expect(
      loadConfig('gateway', gatewayConfigSchema, { ...keys, DEMO_SEED: 'true', DEMO_PASSWORD: 'a-demo-password' })
        .DEMO_SEED,
    ).toBe(true);
  });

  it('needs the private key, and its public half in the key set', () => {
    expect(() =>
      loadConfig('gateway', gatewayConfigSchema, { JWT_PUBLIC_KEYS: keys.JWT_PUBLIC_KEYS, TOTP_KEYS: keys.TOTP_KEYS }),
    ).toThrow(/JWT_SIGNING_KEY is missing/);
    const other = generateTokenKeys('k');
    expect(() =>
      loadConfig('gateway', gatewayConfigSchema, { ...keys, JWT_PUBLIC_KEYS: other.JWT_PUBLIC_KEYS }),
    ).toThrow(/JWT_PUBLIC_KEYS is malformed: must list the signing key's public half/);
  });

  it('needs the TOTP key ring, and says how to make one', () => {
    const { TOTP_KEYS: _ring, ...withoutRing } = keys;
    expect(() => loadConfig('gateway', gatewayConfigSchema, withoutRing)).toThrow(
      /TOTP_KEYS .*npm run keys -- generate/,
    );
    expect(() => loadConfig('gateway', gatewayConfigSchema, { ...keys, TOTP_KEYS: 't1:c2hvcnQ=' })).toThrow(
      /TOTP_KEYS .*must be 32 bytes/,
    );
  });
});
