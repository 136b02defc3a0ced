import { randomBytes } from 'node:crypto';
import { generateTokenKeys, loadConfig } from '#libs/config';
import { intakeConfigSchema } from '../config.js';

const env = {
  JWT_PUBLIC_KEYS: generateTokenKeys().JWT_PUBLIC_KEYS,
  INTAKE_KEYS: `k1:${randomBytes(32).toString('base64')}`,
};

describe('retention configuration', () => {
  it('keeps refused tips a year and closed cases three years unless told otherwise', () => {
    const config = loadConfig('intake', intakeConfigSchema, env);
    expect([config.RETENTION_CLOSED_TIPS, config.RETENTION_CLOSED_CASES]).toEqual(['P1Y', 'P3Y']);
  });

  it('stops the boot on a period that is not an ISO-8601 duration, naming the variable and the fix', () => {
    expect(() => loadConfig('intake', intakeConfigSchema, { ...env, RETENTION_CLOSED_TIPS: '1y' })).toThrow(
      /RETENTION_CLOSED_TIPS is malformed: "1y" is not an ISO-8601 duration; write one such as P1Y/,
    );
    expect(() => loadConfig('intake', intakeConfigSchema, { ...env, RETENTION_CLOSED_CASES: 'P0D' })).toThrow(
      /RETENTION_CLOSED_CASES is malformed: "P0D" must be longer than nothing/,
    );
  });
});
