import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TokenService } from './token.service.js';

const settings = { secret: 's'.repeat(40), audience: 'campus-whistle', issuer: 'gateway' };
const actor = { userId: randomUUID(), role: 'school_reporter' as const, orgId: randomUUID() };

describe('TokenService', () => {
  const tokens = new TokenService(settings);

  it('round-trips the actor', () => {
    const { token } = tokens.sign(actor);
    expect(tokens.verify(`Bearer ${token}`)).toEqual(actor);
  });

  it('rejects a missing or malformed header', () => {
    expect(() => tokens.verify(undefined)).toThrow(/bearer token is required/);
    expect(() => tokens.verify('Basic abc')).toThrow(/bearer token is required/);
  });

  it('rejects a token for another audience', () => {
    const other = new TokenService({ ...settings, audience: 'someone-else' }).sign(actor).token;
    expect(() => tokens.verify(`Bearer ${other}`)).toThrow(/invalid/);
  });

  it('rejects an algorithm outside the allow-list, including none', () => {
    const unsigned = jwt.sign({ role: actor.role, org: actor.orgId }, '', {
      algorithm: 'none',
      subject: actor.userId,
      audience: settings.audience,
      issuer: settings.issuer,
    });
    expect(() => tokens.verify(`Bearer ${unsigned}`)).toThrow(/invalid/);
    const hs512 = jwt.sign({ role: actor.role, org: actor.orgId }, settings.secret, {
      algorithm: 'HS512',
      subject: actor.userId,
      audience: settings.audience,
      issuer: settings.issuer,
    });
    expect(() => tokens.verify(`Bearer ${hs512}`)).toThrow(/invalid/);
  });

  it('rejects an expired token with a message that says so', () => {
    const expired = new TokenService({ ...settings, ttlSeconds: -10 }).sign(actor).token;
    expect(() => tokens.verify(`Bearer ${expired}`)).toThrow(/expired/);
  });
});
