/**
 * Writes the broker's users for nats-server (2.9 or newer) from the service manifests:
 *   npm run nats-config -- --out <file> [--namespace cw] [--bucket cw-attachments]
 * One user per service, allowed only the subjects its manifest implies (its events, the RPC it serves
 * and calls, the events it consumes, its streams and consumers, the attachments bucket for the gateway
 * and intake), and `operator` for `npm run events` and `npm run audit`. The file is an `authorization`
 * block for the server's main configuration to include (deploy/nats.conf). Passwords come from the
 * environment: GATEWAY_NATS_PASSWORD, INTAKE_NATS_PASSWORD, DISPATCH_NATS_PASSWORD,
 * GRADING_NATS_PASSWORD, NOTIFY_NATS_PASSWORD and OPERATOR_NATS_PASSWORD. The namespace and bucket
 * default to NATS_NAMESPACE and ATTACHMENTS_BUCKET, as the services read them. Without --out it prints
 * the block.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { baseEnv, ConfigError, loadConfig, z } from '#libs/config';
import { OPERATOR_USER, SERVICES } from '#libs/contracts';
import { natsAuthorizationConfig, natsPasswordVariable, natsUsers } from '#libs/messaging';
import { attachmentsEnv } from '#libs/storage';
import { MANIFESTS } from './manifests.js';

const usage = 'usage: nats-config [--out <file>] [--namespace <NATS_NAMESPACE>] [--bucket <ATTACHMENTS_BUCKET>]';
let flags: { out?: string; namespace?: string; bucket?: string };
try {
  flags = parseArgs({
    options: { out: { type: 'string' }, namespace: { type: 'string' }, bucket: { type: 'string' } },
  }).values;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}

try {
  const { NATS_NAMESPACE, ATTACHMENTS_BUCKET } = loadConfig(
    'nats-config',
    z.object({ NATS_NAMESPACE: baseEnv.NATS_NAMESPACE, ATTACHMENTS_BUCKET: attachmentsEnv.ATTACHMENTS_BUCKET }),
    {
      NATS_NAMESPACE: flags.namespace ?? process.env.NATS_NAMESPACE,
      ATTACHMENTS_BUCKET: flags.bucket ?? process.env.ATTACHMENTS_BUCKET,
    },
  );
  const users = natsUsers(Object.values(MANIFESTS), {
    namespace: NATS_NAMESPACE,
    attachmentsBucket: ATTACHMENTS_BUCKET,
    passwords: Object.fromEntries(
      [...SERVICES, OPERATOR_USER].map((user) => [user, process.env[natsPasswordVariable(user)]]),
    ),
  });
  const text = natsAuthorizationConfig(
    users,
    `Written by npm run nats-config from the service manifests (namespace ${NATS_NAMESPACE}, bucket ${ATTACHMENTS_BUCKET}).`,
  );
  if (!flags.out) {
    process.stdout.write(text);
  } else {
    // Readable by its owner only (it holds passwords), and replaced whole: a server reloading never reads half.
    const partial = `${flags.out}.${process.pid}.tmp`;
    writeFileSync(partial, text, { mode: 0o600 });
    renameSync(partial, flags.out);
    process.stdout.write(`${flags.out}: ${users.map((user) => user.user).join(', ')}\n`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
  process.exit(2);
}
