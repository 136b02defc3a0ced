import { Initial1764300000000 } from './1764300000000-initial.js';
import { RefreshTokens1766600000000 } from './1766600000000-refresh-tokens.js';
import { AuditLog1767500000000 } from './1767500000000-audit-log.js';
import { Totp1768400000000 } from './1768400000000-totp.js';
import { RecoveryCodes1768600000000 } from './1768600000000-recovery-codes.js';
import { OrganisationCodeAnyCase1769300000000 } from './1769300000000-organisation-code-any-case.js';
import { OrganisationRetirement1769400000000 } from './1769400000000-organisation-retirement.js';

/** In order; a migration, once released, is never edited. */
export const gatewayMigrations = [
  Initial1764300000000,
  RefreshTokens1766600000000,
  AuditLog1767500000000,
  Totp1768400000000,
  RecoveryCodes1768600000000,
  OrganisationCodeAnyCase1769300000000,
  OrganisationRetirement1769400000000,
];
