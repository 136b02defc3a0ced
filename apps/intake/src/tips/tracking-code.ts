import { createHash, randomInt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 characters (50 bits) of code and 16 (80 bits) of secret: 130 bits together. */
const CODE_LENGTH = 10;
const SECRET_LENGTH = 16;

function draw(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

const grouped = (value: string, size: number) => value.match(new RegExp(`.{1,${size}}`, 'g'))!.join('-');

/** A new tracking code and secret from the CSPRNG, in groups that are easy to read aloud. */
export function newCredentials(): { trackingCode: string; secret: string } {
  return { trackingCode: grouped(draw(CODE_LENGTH), 5), secret: grouped(draw(SECRET_LENGTH), 4) };
}

/**
 * What the tipster typed, as stored: upper case, separators dropped, and the letters people write
 * for digits (O for 0, I and L for 1) read as the digits. Anything else leaves it as it is and fails.
 */
export function canonical(value: string): string {
  return value
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** A tracking code as the tips table keys it: a hash, so the table holds no code to try. */
export function codeHash(trackingCode: string): string {
  return createHash('sha256')
    .update(`tip-code:${canonical(trackingCode)}`)
    .digest('hex');
}

export const isWellFormedCode = (value: string) => new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`).test(canonical(value));
