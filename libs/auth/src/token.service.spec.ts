import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { generateTokenKeys, parsePublicKeySet, parseSigningKey } from '#libs/config';
import { TokenService, type TokenSettings } from './token.service.js';

const keysA = generateTokenKeys('key-a');
const keysB = generateTokenKeys('key-b');
const signingA = parseSigningKey(keysA.JWT_SIGNING_KEY);
const signingB = parseSigningKey(keysB.JWT_SIGNING_KEY);
const publicA = parsePublicKeySet(keysA.JWT_PUBLIC_KEYS);
const both = new Map([...publicA, ...parsePublicKeySet(keysB.JWT_PUBLIC_KEYS)]);
const settings: TokenSettings = {
  publicKeys: publicA,
  signingKey: signingA,
  audience: 'campus-whistle',
  issuer: 'gateway',
};
const actor = { userId: randomUUID(), role: 'school_reporter' as const, orgId: randomUUID() };
const claims = { role: actor.role, org: actor.orgId };
const options = (extra: jwt.SignOptions = {}): jwt.SignOptions => ({
  subject: actor.userId,
  audience: settings.audience,
  issuer: settings.issuer,
  expiresIn: 60,
  ...extra,
});

describe('TokenService', () => {
  const tokens = new TokenService(settings);
  /** A service: public keys only. */
  const verifier = new TokenService({ ...settings, signingKey: undefined });

  it('round-trips the actor, signed ES256 under the key id', () => {
    const { token } = tokens.sign(actor);
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: 'key-a' });
    expect(tokens.verify(`Bearer ${token}`)).toEqual(actor);
    expect(verifier.verify(`Bearer ${token}`)).toEqual(actor);
  });

  it('cannot sign without the private key (a service holds only public keys)', () => {
    expect(() => verifier.sign(actor)).toThrow(/only the gateway signs/);
  });

  it('accepts tokens of every listed key during a rotation, and none of an unlisted key', () => {
    const oldToken = tokens.sign(actor).token;
    const newToken = new TokenService({ ...settings, signingKey: signingB }).sign(actor).token;
    const rotating = new TokenService({ ...settings, publicKeys: both, signingKey: undefined });
    expect(rotating.verify(`Bearer ${oldToken}`)).toEqual(actor);
    expect(rotating.verify(`Bearer ${newToken}`)).toEqual(actor);
    expect(() => verifier.verify(`Bearer ${newToken}`)).toThrow(/invalid/);
  });

  it('rejects a token whose kid names a listed key but that another key signed', () => {
    const forged = jwt.sign(claims, signingB.key, options({ algorithm: 'ES256', keyid: 'key-a' }));
    expect(() => verifier.verify(`Bearer ${forged}`)).toThrow(/invalid/);
  });

  it('rejects a missing or malformed header', () => {
    expect(() => tokens.verify(undefined)).toThrow(/bearer token is required/);
    expect(() => tokens.verify('Basic abc')).toThrow(/bearer token is required/);
  });

  it('rejects a token for another audience', () => {
    const other = new TokenService({ ...settings, audience: 'someone-else' }).sign(actor).token;
    expect(() => tokens.verify(`Bearer ${other}`)).toThrow(/invalid/);
  });

  it('rejects none, HS256 (also keyed with the public key) and an unknown kid', () => {
    const unsigned = jwt.sign(claims, '', options({ algorithm: 'none', keyid: 'key-a' }));
    expect(() => tokens.verify(`Bearer ${unsigned}`)).toThrow(/invalid/);
    const hs256 = jwt.sign(claims, 's'.repeat(40), options({ algorithm: 'HS256', keyid: 'key-a' }));
    expect(() => tokens.verify(`Bearer ${hs256}`)).toThrow(/invalid/);
    // The classic confusion: an HMAC keyed with the text of the public key.
    const publicJwk = JSON.stringify(JSON.parse(keysA.JWT_PUBLIC_KEYS).keys[0]);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'key-a' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ ...claims, sub: actor.userId, aud: settings.audience, iss: settings.issuer, exp: 2e9 }),
    ).toString('base64url');
    const mac = createHmac('sha256', publicJwk).update(`${header}.${payload}`).digest('base64url');
    expect(() => tokens.verify(`Bearer ${header}.${payload}.${mac}`)).toThrow(/invalid/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const unknownKid = jwt.sign(claims, privateKey, options({ algorithm: 'ES256', keyid: 'key-z' }));
    expect(() => tokens.verify(`Bearer ${unknownKid}`)).toThrow(/invalid/);
    const noKid = jwt.sign(claims, signingA.key, options({ algorithm: 'ES256' }));
    expect(() => tokens.verify(`Bearer ${noKid}`)).toThrow(/invalid/);
  });

  it('rejects an expired token with a message that says so', () => {
    const expired = new TokenService({ ...settings, ttlSeconds: -10 }).sign(actor).token;
    expect(() => tokens.verify(`Bearer ${expired}`)).toThrow(/expired/);
  });

  it('rejects a token with a changed payload or signature', () => {
    const [header, payload, signature] = tokens.sign(actor).token.split('.');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...decoded, role: 'administrator' })).toString('base64url');
    expect(() => tokens.verify(`Bearer ${header}.${forged}.${signature}`)).toThrow(/invalid/);
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    expect(() => tokens.verify(`Bearer ${header}.${payload}.${flipped}`)).toThrow(/invalid/);
    expect(() => tokens.verify(`Bearer ${header}.${payload}`)).toThrow(/invalid/);
  });

  it('rejects a token from another issuer or not valid yet', () => {
    const otherIssuer = new TokenService({ ...settings, issuer: 'someone' }).sign(actor).token;
    expect(() => tokens.verify(`Bearer ${otherIssuer}`)).toThrow(/invalid/);
    const early = jwt.sign(claims, signingA.key, options({ algorithm: 'ES256', keyid: 'key-a', notBefore: 60 }));
    expect(() => tokens.verify(`Bearer ${early}`)).toThrow(/invalid/);
  });

  it('rejects claims of the wrong shape even when signed', () => {
    const noOrg = jwt.sign({ role: actor.role }, signingA.key, options({ algorithm: 'ES256', keyid: 'key-a' }));
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
