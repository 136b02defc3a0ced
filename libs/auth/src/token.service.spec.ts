import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
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

  it('rejects a token with a changed payload or signature', () => {
    const [header, payload, signature] = tokens.sign(actor).token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'administrator' })).toString('base64url');
    expect(() => tokens.verify(`Bearer ${header}.${forged}.${signature}`)).toThrow(/invalid/);
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(() => tokens.verify(`Bearer ${header}.${payload}.${flipped}`)).toThrow(/invalid/);
    expect(() => tokens.verify(`Bearer ${header}.${payload}`)).toThrow(/invalid/);
  });

  it('rejects a token from another issuer, signed with another key, or not valid yet', () => {
    const otherIssuer = new TokenService({ ...settings, issuer: 'someone' }).sign(actor).token;
    expect(() => tokens.verify(`Bearer ${otherIssuer}`)).toThrow(/invalid/);
    const otherKey = new TokenService({ ...settings, secret: 't'.repeat(40) }).sign(actor).token;
    expect(() => tokens.verify(`Bearer ${otherKey}`)).toThrow(/invalid/);
    const early = jwt.sign({ role: actor.role, org: actor.orgId }, settings.secret, {
      algorithm: 'HS256',
      subject: actor.userId,
      audience: settings.audience,
      issuer: settings.issuer,
      expiresIn: 60,
      notBefore: 60,
    });
    expect(() => tokens.verify(`Bearer ${early}`)).toThrow(/invalid/);
  });

  it('rejects claims of the wrong shape even when signed', () => {
    const noOrg = jwt.sign({ role: actor.role }, settings.secret, {
      algorithm: 'HS256',
      subject: actor.userId,
      audience: settings.audience,
      issuer: settings.issuer,
      expiresIn: 60,
    });
    expect(() => tokens.verify(`Bearer ${noOrg}`)).toThrow(/invalid/);
  });

  it('still refuses a remembered token once it has expired', () => {
    jest.useFakeTimers({ now: Date.now() });
    try {
      const { token } = new TokenService({ ...settings, ttlSeconds: 60 }).sign(actor);
      expect(tokens.verify(`Bearer ${token}`)).toEqual(actor);
      expect(tokens.verify(`Bearer ${token}`)).toEqual(actor);
      jest.setSystemTime(Date.now() + 61_000);
      expect(() => tokens.verify(`Bearer ${token}`)).toThrow(/expired/);
    } finally {
      jest.useRealTimers();
    }
  });
});
