import { ConfigError, loadConfig } from './load-config.js';
import { baseEnvSchema } from './env.js';
import { generateTokenKeys } from './token-keys.js';

const keys = generateTokenKeys().JWT_PUBLIC_KEYS;

describe('loadConfig', () => {
  it('fills defaults that point at the local servers', () => {
    const config = loadConfig('test', baseEnvSchema, { JWT_PUBLIC_KEYS: keys });
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/campus_whistle');
    expect(config.NATS_NAMESPACE).toBe('cw');
    expect(config.RPC_TIMEOUT_MS).toBe(5000);
  });

  it('reports one line per missing or malformed value, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig('intake', baseEnvSchema, { DATABASE_URL: 'mysql://x', RPC_TIMEOUT_MS: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('JWT_PUBLIC_KEYS is missing'))).toBeDefined();
    expect(problems.find((p) => p.startsWith('DATABASE_URL is malformed'))).toBeDefined();
    expect(problems.find((p) => p.startsWith('RPC_TIMEOUT_MS is malformed'))).toBeDefined();
    expect((error as Error).message).toContain('Invalid configuration for intake');
  });

  it('names a malformed key set without echoing it', () => {
    expect(() =>
      loadConfig('t', baseEnvSchema, { JWT_PUBLIC_KEYS: '{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"x"}]}' }),
    ).toThrow(/JWT_PUBLIC_KEYS is malformed: key "x"/);
  });

  it('rejects an unknown time zone', () => {
    expect(() => loadConfig('t', baseEnvSchema, { JWT_PUBLIC_KEYS: keys, COUNTY_TIMEZONE: 'Mars/Base' })).toThrow(
      /COUNTY_TIMEZONE is malformed/,
    );
  });

  it('names a malformed NATS server without printing the URL, which may hold a password', () => {
    const natsUrl = 'nats://cw:hunter2@a:4222,http://b:4222';
    expect(() => loadConfig('t', baseEnvSchema, { JWT_PUBLIC_KEYS: keys, NATS_URL: natsUrl })).toThrow(
      'NATS_URL is malformed: server 2 must be a nats:// or tls:// URL with a host',
    );
  });
});
