import { generateTokenKeys, loadConfig } from '#libs/config';
import { gatewayConfigSchema } from './config.js';

describe('gateway config', () => {
  const keys = generateTokenKeys('k');

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
    expect(() => loadConfig('gateway', gatewayConfigSchema, { JWT_PUBLIC_KEYS: keys.JWT_PUBLIC_KEYS })).toThrow(
      /JWT_SIGNING_KEY is missing/,
    );
    const other = generateTokenKeys('k');
    expect(() =>
      loadConfig('gateway', gatewayConfigSchema, { ...keys, JWT_PUBLIC_KEYS: other.JWT_PUBLIC_KEYS }),
    ).toThrow(/JWT_PUBLIC_KEYS is malformed: must list the signing key's public half/);
  });
});
