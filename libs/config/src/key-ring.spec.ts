import { randomBytes } from 'node:crypto';
import { fieldContext, isEncrypted, KeyRing, keyIdOf } from './key-ring.js';

const key = () => randomBytes(32).toString('base64');
const context = fieldContext('tips', 'what', '00000000-0000-0000-0000-000000000001');

describe('KeyRing', () => {
  it('round-trips text under the active key, with the key id beside it and no clear text', () => {
    const ring = KeyRing.parse(`k1:${key()},k2:${key()}`, 'k1');
    const stored = ring.encrypt('小明在厕所被打 canary', context);
    expect(isEncrypted(stored)).toBe(true);
    expect(keyIdOf(stored)).toBe('k1');
    expect(stored).not.toContain('canary');
    expect(ring.decrypt(stored, context)).toBe('小明在厕所被打 canary');
  });

  it('encrypts the same text differently each time', () => {
    const ring = KeyRing.parse(`k1:${key()}`);
    expect(ring.encrypt('same', context)).not.toBe(ring.encrypt('same', context));
  });

  it('opens values of a retired key still in the ring, and marks them stale', () => {
    const [a, b] = [key(), key()];
    const old = KeyRing.parse(`a:${a}`).encrypt('hello', context);
    const ring = KeyRing.parse(`a:${a},b:${b}`);
    expect(ring.activeKeyId).toBe('b');
    expect(ring.decrypt(old, context)).toBe('hello');
    expect(ring.isStale(old)).toBe(true);
    expect(ring.isStale(ring.encrypt('hello', context))).toBe(false);
  });

  it('refuses a value moved to another row, or tampered with', () => {
    const ring = KeyRing.parse(`k1:${key()}`);
    const stored = ring.encrypt('secret', context);
    expect(() => ring.decrypt(stored, fieldContext('tips', 'what', 'other'))).toThrow();
    const flipped = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(() => ring.decrypt(flipped, context)).toThrow();
  });

  it('passes legacy clear text through, marked stale', () => {
    const ring = KeyRing.parse(`k1:${key()}`);
    expect(ring.decrypt('written before encryption', context)).toBe('written before encryption');
    expect(ring.isStale('written before encryption')).toBe(true);
  });

  it('refuses bad key rings', () => {
    expect(() => KeyRing.parse('')).toThrow(/at least one key/);
    expect(() => KeyRing.parse('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => KeyRing.parse(`K!:${key()}`)).toThrow(/id/);
    expect(() => KeyRing.parse(`k1:${key()}`, 'k2')).toThrow(/not in the ring/);
    const k = key();
    expect(() => KeyRing.parse(`k1:${k},k1:${k}`)).toThrow(/twice/);
  });
});
