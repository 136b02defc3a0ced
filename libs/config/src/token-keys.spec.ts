import { generateTokenKeys, parsePublicKeySet, parseSigningKey, publishes } from './token-keys.js';

describe('token keys', () => {
  const a = generateTokenKeys('a');
  const b = generateTokenKeys('b');

  it('reads a key set of several public keys by kid, and a private signing key', () => {
    const set = parsePublicKeySet(
      JSON.stringify({ keys: [...JSON.parse(a.JWT_PUBLIC_KEYS).keys, ...JSON.parse(b.JWT_PUBLIC_KEYS).keys] }),
    );
    expect([...set.keys()]).toEqual(['a', 'b']);
    const signing = parseSigningKey(a.JWT_SIGNING_KEY);
    expect(signing.kid).toBe('a');
    expect(publishes(set, signing)).toBe(true);
    expect(publishes(parsePublicKeySet(b.JWT_PUBLIC_KEYS), signing)).toBe(false);
  });

  it('knows when the listed key under the kid is not the signing key', () => {
    const other = JSON.parse(b.JWT_PUBLIC_KEYS);
    other.keys[0].kid = 'a';
    expect(publishes(parsePublicKeySet(JSON.stringify(other)), parseSigningKey(a.JWT_SIGNING_KEY))).toBe(false);
  });

  it.each([
    ['not JSON', 'nope', /not valid JSON/],
    ['no keys', '{"keys":[]}', /at least one key/],
    [
      'a key without kid',
      JSON.stringify({ keys: [{ ...JSON.parse(a.JWT_PUBLIC_KEYS).keys[0], kid: undefined }] }),
      /kid/,
    ],
    ['a private key', JSON.stringify({ keys: [JSON.parse(a.JWT_SIGNING_KEY)] }), /private key/],
    [
      'a duplicate kid',
      JSON.stringify({ keys: [JSON.parse(a.JWT_PUBLIC_KEYS).keys[0], JSON.parse(a.JWT_PUBLIC_KEYS).keys[0]] }),
      /twice/,
    ],
    [
      'a symmetric key',
      JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'x' }] }),
      /EC key on P-256|not a valid/,
    ],
    [
      'another curve',
      JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA', kid: 'x' }] }),
      /not a valid|P-256/,
    ],
  ])('refuses %s without echoing key material', (_what, text, message) => {
    expect(() => parsePublicKeySet(text)).toThrow(message);
  });

  it('refuses a public key as the signing key', () => {
    expect(() => parseSigningKey(JSON.stringify(JSON.parse(a.JWT_PUBLIC_KEYS).keys[0]))).toThrow(/private key/);
  });
});
