/**
 * The audit log's verification:
 *   npm run audit -- verify
 * Walks the gateway's hash-chained audit log (identity.audit_log) and checks it against every
 * checkpoint of its head published to the broker's audit stream, then walks intake's chained read
 * audit (intake.field_reads). Prints each chain's length and head, or the first broken link, and exits
 * with 1 when any link is broken (2 for a usage error). Reads DATABASE_URL, NATS_URL and NATS_NAMESPACE
 * (on a broker with a user per service, the operator's credentials).
 */
import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { natsConnectionOptions } from '#libs/config';
import { inboxPrefix, OPERATOR_USER } from '#libs/contracts';
import { type AuditEntry, ChainWalk, type Checkpoint } from '../apps/gateway/src/audit/audit-chain.js';
import { auditStreamName, type CheckpointMessage } from '../apps/gateway/src/audit/checkpoint-stream.js';

const PAGE = 5000;
const [command] = process.argv.slice(2);
if (command !== 'verify') {
  process.stderr.write('usage: audit verify\n');
  process.exit(2);
}

const checkpoints = await readCheckpoints();
const client = new pg.Client({
  connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle',
});
await client.connect();
try {
  const gatewayOk = await verifyGatewayLog();
  const intakeOk = await verifyFieldReads();
  process.exitCode = gatewayOk && intakeOk ? 0 : 1;
} finally {
  await client.end();
}

async function verifyGatewayLog(): Promise<boolean> {
  const walk = new ChainWalk(checkpoints);
  let after = 0;
  for (;;) {
    const { rows } = await client.query<{
      seq: string;
      at: Date;
      actor_id: string | null;
      actor_role: string;
      action: string;
      object_id: string | null;
      outcome: number;
      correlation_id: string | null;
      prev_hash: string;
      hash: string;
    }>(`SELECT * FROM identity.audit_log WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`, [after]);
    let going = true;
    for (const row of rows) {
      const entry: AuditEntry = {
        seq: Number(row.seq),
        at: row.at,
        actorId: row.actor_id,
        actorRole: row.actor_role,
        action: row.action,
        objectId: row.object_id,
        outcome: row.outcome,
        correlationId: row.correlation_id,
        prevHash: row.prev_hash,
        hash: row.hash,
      };
      going = walk.push(entry);
      if (!going) break;
    }
    if (!going || rows.length < PAGE) break;
    after = Number(rows[rows.length - 1].seq);
  }
  const result = walk.finish();
  if (result.broken) {
    process.stdout.write(`identity.audit_log: BROKEN at #${result.broken.seq}: ${result.broken.reason}\n`);
    return false;
  }
  process.stdout.write(
    `identity.audit_log: ok, ${result.entries} entries, head #${result.head.seq} ${result.head.hash || '(empty)'}, ` +
      `${result.checkpoints} checkpoint(s) match\n`,
  );
  return true;
}

/**
 * intake.field_reads computes its hashes in Postgres (a trigger), so they are recomputed there with
 * the trigger's expression; the walk by id checks the links.
 */
async function verifyFieldReads(): Promise<boolean> {
  const { rows: present } = await client.query(`SELECT to_regclass('intake.field_reads') AS t`);
  if (!present[0]?.t) return true;
  let previous = { id: '0', hash: '' };
  let count = 0;
  for (;;) {
    const { rows } = await client.query<{ id: string; prev_hash: string; hash: string; expected: string }>(
      `SELECT id, prev_hash, hash, encode(sha256(convert_to(concat_ws('|', prev_hash, actor_id, actor_role, subject,
         subject_id, array_to_string(fields, ','), to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')),
         'UTF8')), 'hex') AS expected
       FROM intake.field_reads WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
      [previous.id],
    );
    for (const row of rows) {
      count += 1;
      const reason =
        row.expected !== row.hash
          ? `read #${row.id} was changed: its content no longer gives its hash`
          : row.prev_hash !== previous.hash
            ? `read #${row.id} does not follow #${previous.id}: a read before it was changed or removed`
            : undefined;
      if (reason) {
        process.stdout.write(`intake.field_reads: BROKEN at #${row.id}: ${reason}\n`);
        return false;
      }
      previous = { id: row.id, hash: row.hash };
    }
    if (rows.length < PAGE) break;
  }
  process.stdout.write(`intake.field_reads: ok, ${count} reads, head #${previous.id}\n`);
  return true;
}

/** Every checkpoint of the gateway's chain kept in the broker's audit stream (none before the first). */
async function readCheckpoints(): Promise<Checkpoint[]> {
  const namespace = process.env.NATS_NAMESPACE ?? 'cw';
  const nats = await Promise.resolve()
    .then(() =>
      connect({
        ...natsConnectionOptions(process.env.NATS_URL || 'nats://127.0.0.1:4222'),
        // The operator's own inbox: the only one its broker user may read.
        inboxPrefix: inboxPrefix(namespace, OPERATOR_USER),
      }),
    )
    .catch((error: Error) => {
      process.stderr.write(`cannot reach NATS for the checkpoints (NATS_URL): ${error.message}\n`);
      process.exit(1);
    });
  try {
    const name = auditStreamName(namespace);
    const jsm = await jetstreamManager(nats);
    let total: number;
    try {
      total = (await jsm.streams.info(name)).state.messages;
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
        process.stdout.write(`no checkpoint stream ${name} yet: the chain is checked on its own\n`);
        return [];
      }
      throw error;
    }
    const found: Checkpoint[] = [];
    if (total === 0) return found;
    const consumer = await jetstream(nats).consumers.get(name);
    const messages = await consumer.consume();
    for await (const message of messages) {
      const checkpoint = message.json<CheckpointMessage>();
      if (checkpoint.chain === 'gateway') found.push({ seq: checkpoint.seq, hash: checkpoint.hash });
      if (message.info.pending === 0) break;
    }
    await messages.close();
    return found;
  } finally {
    await nats.close();
  }
}
