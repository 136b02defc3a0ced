import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * Access tokens are ES256 (ECDSA on P-256): the gateway alone holds the private key; every service
 * verifies with public keys chosen by the token's `kid`. Several public keys may be listed at once, so a
 * key is rotated by publishing the new one, then signing with it, then dropping the old one once the
 * tokens it signed have expired. (jsonwebtoken 9 has no EdDSA, hence ES256.)
 */
export const TOKEN_ALGORITHM = 'ES256';

/** Verification keys by key id. */
export type PublicKeySet = ReadonlyMap<string, KeyObject>;

export interface SigningKey {
  kid: string;
  key: KeyObject;
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Reads JWT_PUBLIC_KEYS: a JSON Web Key Set, `{"keys":[{"kty":"EC","crv":"P-256","x":…,"y":…,"kid":…}]}`
 * (a bare array of keys is taken too). Errors name the problem, never key material.
 */
export function parsePublicKeySet(text: string): PublicKeySet {
  const parsed = parseJson(text);
  const keys: unknown = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('must be a JSON Web Key Set with at least one key');
  const set = new Map<string, KeyObject>();
  keys.forEach((jwk: unknown, index) => {
    const kid = kidOf(jwk, `key ${index + 1}`);
    if (set.has(kid)) throw new Error(`key id "${kid}" appears twice`);
    if ((jwk as JsonWebKey).d !== undefined) throw new Error(`key "${kid}" is a private key; list public keys only`);
    set.set(
      kid,
      p256(() => createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), `key "${kid}"`),
    );
  });
  return set;
}

/** Reads JWT_SIGNING_KEY: one private P-256 JSON Web Key with its `kid` (the gateway's only). */
export function parseSigningKey(text: string): SigningKey {
  const jwk = parseJson(text);
  const kid = kidOf(jwk, 'the key');
  if (typeof (jwk as JsonWebKey).d !== 'string') throw new Error('must be a private key (a JWK with "d")');
  return { kid, key: p256(() => createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }), 'the key') };
}

/** True when the set holds the public half of the signing key under the same key id. */
export function publishes(set: PublicKeySet, signing: SigningKey): boolean {
  const listed = set.get(signing.kid)?.export({ format: 'jwk' });
  const own = createPublicKey(signing.key).export({ format: 'jwk' });
  return listed !== undefined && listed.x === own.x && listed.y === own.y;
}

/** A fresh key pair as the two variables hold it: for tests, `npm start` and operators. */
export function generateTokenKeys(kid = `k${Date.now().toString(36)}`): {
  JWT_SIGNING_KEY: string;
  JWT_PUBLIC_KEYS: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    JWT_SIGNING_KEY: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid, alg: TOKEN_ALGORITHM }),
    JWT_PUBLIC_KEYS: JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: TOKEN_ALGORITHM }] }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON');
  }
}

function kidOf(jwk: unknown, what: string): string {
  if (jwk === null || typeof jwk !== 'object') throw new Error(`${what} is not a JSON object`);
  const kid = (jwk as { kid?: unknown }).kid;
  if (typeof kid !== 'string' || !KID.test(kid)) {
    throw new Error(`${what} needs a "kid" of 1-64 letters, digits, ".", "_" or "-"`);
  }
  return kid;
}

function p256(make: () => KeyObject, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = make();
  } catch {
    throw new Error(`${what} is not a valid JSON Web Key`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${what} must be an EC key on P-256 (ES256)`);
  }
  return key;
}
