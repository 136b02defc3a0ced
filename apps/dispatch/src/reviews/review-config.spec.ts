import { generateTokenKeys, loadConfig } from '#libs/config';
import { dispatchConfigSchema } from '../config.js';

describe('the review’s configuration', () => {
  const keys = { JWT_PUBLIC_KEYS: generateTokenKeys('k').JWT_PUBLIC_KEYS };

  it('anchors the fortnights on a Monday by default, at 08:00', () => {
    const config = loadConfig('dispatch', dispatchConfigSchema, keys);
    expect(config).toMatchObject({
      REVIEW_ANCHOR_MONDAY: '2026-01-05',
      REVIEW_TIME: '08:00',
      REVIEW_SCHEDULE_ENABLED: true,
    });
  });

  it('refuses at boot an anchor that is not a Monday, and a time that is not HH:mm', () => {
    expect(() => loadConfig('dispatch', dispatchConfigSchema, { ...keys, REVIEW_ANCHOR_MONDAY: '2026-01-06' })).toThrow(
      /REVIEW_ANCHOR_MONDAY .*must be a Monday/,
    );
    expect(() => loadConfig('dispatch', dispatchConfigSchema, { ...keys, REVIEW_ANCHOR_MONDAY: '5 Jan' })).toThrow(
      /REVIEW_ANCHOR_MONDAY/,
    );
    expect(() => loadConfig('dispatch', dispatchConfigSchema, { ...keys, REVIEW_TIME: '8am' })).toThrow(/REVIEW_TIME/);
  });
});
