import { OPERATOR_USER, SERVICES } from '#libs/contracts';
import { type BrokerParty, type NatsPermissions, operatorPermissions, servicePermissions } from './nats-permissions.js';

export interface NatsUser {
  user: string;
  password: string;
  permissions: NatsPermissions;
}

/** The environment variable that gives a broker user's password to `npm run nats-config`: `INTAKE_NATS_PASSWORD`. */
export const natsPasswordVariable = (user: string): string => `${user.toUpperCase()}_NATS_PASSWORD`;

/**
 * Characters a password may have: those a URL carries as they are (it goes into NATS_URL), none
 * that the server's configuration syntax would read (quotes, `$`, `\`). At least 16.
 */
const PASSWORD = /^[A-Za-z0-9._~-]{16,}$/;

/**
 * The broker's users: one per service, with the rights its manifest implies, and the operator.
 * `passwords` has one for each service and for `operator`; a missing or weak one is an error naming
 * the user (never the value).
 */
export function natsUsers(
  parties: readonly BrokerParty[],
  options: { namespace: string; attachmentsBucket: string; passwords: Readonly<Record<string, string | undefined>> },
): NatsUser[] {
  const missing = SERVICES.filter((service) => !parties.some((party) => party.name === service));
  if (missing.length > 0) throw new Error(`no manifest for ${missing.join(', ')}`);
  const password = (user: string): string => {
    const value = options.passwords[user];
    if (!value) throw new Error(`no password for the NATS user ${user}: set ${natsPasswordVariable(user)}`);
    if (!PASSWORD.test(value)) {
      throw new Error(`${natsPasswordVariable(user)} must be 16 or more letters, digits, ".", "_", "~" or "-"`);
    }
    return value;
  };
  return [
    ...parties.map((party) => ({
      user: party.name,
      password: password(party.name),
      permissions: servicePermissions(party, options),
    })),
    { user: OPERATOR_USER, password: password(OPERATOR_USER), permissions: operatorPermissions(options) },
  ];
}

/**
 * The `authorization` block of a nats-server configuration (2.9 syntax, JSON values, which its parser
 * reads), to be included by the server's main configuration file.
 */
export function natsAuthorizationConfig(users: readonly NatsUser[], origin: string): string {
  const entries = users.map((entry) =>
    indent(JSON.stringify({ user: entry.user, password: entry.password, permissions: entry.permissions }, null, 2), 4),
  );
  return [
    `# ${origin}`,
    '# One user per service with the subjects its manifest implies, and the operator. Holds passwords: keep it private.',
    'authorization {',
    '  users = [',
    entries.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

const indent = (text: string, spaces: number): string =>
  text
    .split('\n')
    .map((line) => ' '.repeat(spaces) + line)
    .join('\n');
