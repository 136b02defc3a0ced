import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

/** Marks an encrypted value: `enc:v1:<key id>:<base64url(iv | tag | ciphertext)>`. */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[a-z0-9][a-z0-9_-]{0,15}$/;

export class KeyRingError extends Error {}

/**
 * Field-level AES-256-GCM with a ring of keys: new values use the active key, old ones still open
 * with the key named beside them, so keys rotate without downtime (`npm run keys -- rotate`). Intake's
 * protected fields use one ring, the gateway's TOTP secrets another.
 * The context (table, column, row id) is bound as associated data: a ciphertext copied into another
 * row or column fails to open instead of showing one person's text as another's.
 */
export class KeyRing {
  private constructor(
    /** Imported once: a raw key given to each cipher would be imported again every time. */
    private readonly keys: ReadonlyMap<string, KeyObject>,
    readonly activeKeyId: string,
  ) {}

  /** `kid1:base64key,kid2:base64key` (each key 32 bytes); the active id defaults to the last listed. */
  static parse(spec: string, active?: string): KeyRing {
    const keys = new Map<string, KeyObject>();
    for (const entry of spec
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const colon = entry.indexOf(':');
      const id = entry.slice(0, colon);
      if (colon < 1 || !KEY_ID.test(id)) {
        throw new KeyRingError('each key must be "<id>:<base64 key>" with an id of lower-case letters and digits');
      }
      const key = Buffer.from(entry.slice(colon + 1), 'base64');
      if (key.length !== 32) throw new KeyRingError(`key "${id}" must be 32 bytes, base64-encoded`);
      if (keys.has(id)) throw new KeyRingError(`key "${id}" is listed twice`);
      keys.set(id, createSecretKey(key));
    }
    if (keys.size === 0) throw new KeyRingError('at least one key is required');
    const activeKeyId = active ?? [...keys.keys()].pop()!;
    if (!keys.has(activeKeyId)) throw new KeyRingError(`the active key "${activeKeyId}" is not in the ring`);
    return new KeyRing(keys, activeKeyId);
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.activeKeyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** A value written before encryption (no prefix) comes back as it is; rotation encrypts it. */
  decrypt(stored: string, context: string): string {
    if (!isEncrypted(stored)) return stored;
    const rest = stored.slice(PREFIX.length);
    const colon = rest.indexOf(':');
    const keyId = rest.slice(0, colon);
    const key = this.keys.get(keyId);
    if (!key) throw new KeyRingError(`no key "${keyId}" in the ring`);
    const packed = Buffer.from(rest.slice(colon + 1), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** Whether a stored value should be written again under the active key. */
  isStale(stored: string): boolean {
    return !isEncrypted(stored) || keyIdOf(stored) !== this.activeKeyId;
  }
}

export const isEncrypted = (stored: string): boolean => stored.startsWith(PREFIX);

export function keyIdOf(stored: string): string | undefined {
  if (!isEncrypted(stored)) return undefined;
  const rest = stored.slice(PREFIX.length);
  return rest.slice(0, rest.indexOf(':'));
}

/** The associated data of one field of one row. */
export const fieldContext = (table: string, column: string, rowId: string): string => `${table}.${column}:${rowId}`;
