import type { QueryRunner } from 'typeorm';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The database user a connection URL names, and its password if it carries one. */
export function credentialsOf(url: string): { user: string; password?: string } {
  const parsed = new URL(url);
  return {
    user: decodeURIComponent(parsed.username),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
  };
}

export interface ServiceRole {
  /** The service's schema: the only one the role may use. */
  schema: string;
  /** The role the service connects as at run time (the user of its DATABASE_URL). */
  role: string;
  password?: string;
  /** Tables of the schema the role may only read and append to (audit chains). */
  appendOnly?: readonly string[];
}

/**
 * Least privilege for one service, applied by the schema's owner after its migrations: a login role
 * that may use its own schema's tables and sequences and nothing else (no other schema's USAGE, no
 * CREATE, no TRUNCATE, no trigger switching), and may only append to its audit tables. Run at every
 * migration, so tables added later are covered; safe to repeat.
 */
export async function grantServiceRole(runner: QueryRunner, { schema, role, password, appendOnly = [] }: ServiceRole) {
  for (const name of [schema, role, ...appendOnly]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${name}`);
  }
  const [{ exists }] = (await runner.query('SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1) AS exists', [
    role,
  ])) as Array<{ exists: boolean }>;
  if (!exists) {
    // Two processes of one service may race here: the loser's duplicate_object is fine.
    await runner.query(`CREATE ROLE ${role} LOGIN`).catch((error: { code?: string }) => {
      if (error.code !== '42710' && error.code !== '23505') throw error;
    });
  }
  const [{ statement }] = (await runner.query(
    password === undefined
      ? `SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', $1::text) AS statement`
      : `SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', $1::text, $2::text) AS statement`,
    password === undefined ? [role] : [role, password],
  )) as Array<{ statement: string }>;
  await runner.query(statement);
  await runner.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
  await runner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
  // What the owner creates later in the schema (a migration's table, a year's sequence) is the role's too.
  await runner.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
  );
  await runner.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
  );
  for (const table of appendOnly) {
    await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.${table} FROM ${role}`);
  }
}
