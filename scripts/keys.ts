/**
 * Field-encryption keys (intake's protected fields; the gateway's TOTP secrets):
 *   npm run keys -- generate      prints a new key for a ring (`<id>:<base64>`), e.g. to append to INTAKE_KEYS
 *   npm run keys -- rotate        re-encrypts every protected field not yet under INTAKE_ACTIVE_KEY
 *                                 (or the ring's last key); old keys can leave the ring afterwards
 *   npm run keys -- rotate-totp   the same for users' TOTP secrets, with TOTP_KEYS and TOTP_ACTIVE_KEY
 * Rotation reads DATABASE_URL and the ring as the service does, works in small transactions, and is
 * safe to stop and run again: a value is rewritten only if it is not under the active key already.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PROTECTED_FIELDS } from '../apps/intake/src/privacy/protected-fields.js';
import { fieldContext, KeyRing } from '#libs/config';

const BATCH = 200;
const [command] = process.argv.slice(2);

if (command === 'generate') {
  const id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  process.stdout.write(`${id}:${randomBytes(32).toString('base64')}\n`);
} else if (command === 'rotate') {
  await rotate('intake', PROTECTED_FIELDS, 'INTAKE_KEYS', 'INTAKE_ACTIVE_KEY');
} else if (command === 'rotate-totp') {
  await rotate(
    'identity',
    [{ table: 'users', columns: ['totp_secret', 'totp_pending_secret'] }],
    'TOTP_KEYS',
    'TOTP_ACTIVE_KEY',
  );
} else {
  process.stderr.write('usage: keys generate | keys rotate | keys rotate-totp\n');
  process.exit(2);
}

async function rotate(
  schema: string,
  fields: ReadonlyArray<{ table: string; columns: readonly string[] }>,
  ringVariable: string,
  activeVariable: string,
): Promise<void> {
  let ring: KeyRing;
  try {
    ring = KeyRing.parse(process.env[ringVariable] ?? '', process.env[activeVariable] || undefined);
  } catch (error) {
    process.stderr.write(`${ringVariable}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const client = new pg.Client({
    connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/campus_whistle',
  });
  await client.connect();
  try {
    for (const { table, columns } of fields) {
      let rewritten = 0;
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        await client.query('BEGIN');
        const { rows } = await client.query<Record<string, string | null>>(
          `SELECT id, ${columns.join(', ')} FROM ${schema}.${table} WHERE id > $1 ORDER BY id LIMIT ${BATCH} FOR UPDATE`,
          [after],
        );
        for (const row of rows) {
          const id = row.id!;
          // Empty is what the retention sweep leaves: nothing to encrypt, and it must stay visibly empty.
          const changes = columns.filter((column) => !!row[column] && ring.isStale(row[column]));
          if (changes.length === 0) continue;
          const values = changes.map((column) =>
            ring.encrypt(ring.decrypt(row[column]!, fieldContext(table, column, id)), fieldContext(table, column, id)),
          );
          await client.query(
            `UPDATE ${schema}.${table} SET ${changes.map((column, i) => `${column} = $${i + 2}`).join(', ')} WHERE id = $1`,
            [id, ...values],
          );
          rewritten += 1;
        }
        await client.query('COMMIT');
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].id!;
      }
      process.stdout.write(`${schema}.${table}: ${rewritten} row(s) re-encrypted under key "${ring.activeKeyId}"\n`);
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    process.stderr.write(`rotation stopped: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await client.end();
  }
}
