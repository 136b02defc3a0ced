import { createHash, randomInt } from 'node:crypto';

/** Codes given when the second factor is turned on, each good for one sign-in without the app. */
export const RECOVERY_CODE_COUNT = 10;
/** Letters and digits that cannot be misread for each other (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A new code: 16 characters of a 31-letter alphabet (79 bits), written `xxxx-xxxx-xxxx-xxxx`. So many
 * bits make a fast hash safe to keep: a stolen table cannot be searched for codes.
 */
export function newRecoveryCode(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}

/** The code as typed, without case, spaces or dashes; undefined when it cannot be a code. */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const code = typed.toLowerCase().replace(/[\s-]/g, '');
  return code.length === GROUPS * GROUP_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** What is stored: bound to the user, so one user's table row is no use for another. */
export const recoveryCodeHash = (userId: string, code: string): string =>
  createHash('sha256')
    .update(`${userId}:${normaliseRecoveryCode(code) ?? code}`)
    .digest('hex');
