/**
 * Prints a fresh token key pair as env-file lines, for production or a rotation:
 *   node dist/scripts/token-keys.js [kid]
 * JWT_SIGNING_KEY goes to the gateway only; JWT_PUBLIC_KEYS to every service. To rotate, add the new
 * public key to the set everywhere, then give the gateway the new private key, then drop the old public
 * key once the tokens it signed have expired (JWT_TTL_SECONDS).
 */
import { generateTokenKeys } from '#libs/config';

const keys = generateTokenKeys(process.argv[2]);
process.stdout.write(`JWT_SIGNING_KEY='${keys.JWT_SIGNING_KEY}'\nJWT_PUBLIC_KEYS='${keys.JWT_PUBLIC_KEYS}'\n`);
