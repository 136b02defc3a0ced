import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#libs/testing';

const BIN = process.env.CHAOS_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the chaos run's own (initdb into a temporary directory), so it can be
 * crashed with `pg_ctl stop -m immediate` without touching the shared server. PostgreSQL refuses
 * to run as root, so as root the cluster belongs to the `postgres` user.
 */
export class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'cw-pg-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivatePostgres> {
    const cluster = new PrivatePostgres(await freePort());
    if (process.getuid?.() === 0) chownSync(cluster.dir, uidOf('postgres'), gidOf('postgres'));
    cluster.run('initdb', ['-D', cluster.data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    cluster.resume();
    return cluster;
  }

  /** The admin URL (database `postgres`), for TEST_ADMIN_DATABASE_URL. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  resume(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    this.run('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-w', '-o', options, 'start']);
  }

  /** A crash: no checkpoint, clients cut off; the next start recovers from the WAL. */
  crash(): void {
    this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', 'stop']);
  }

  stop(): void {
    this.run('pg_ctl', ['-D', this.data, '-m', 'fast', 'stop'], true);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  private run(tool: string, args: string[], tolerant = false): void {
    const command = join(BIN, tool);
    const asRoot = process.getuid?.() === 0;
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0 && !tolerant) {
      throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
    }
  }
}

const idOf = (flag: '-u' | '-g', user: string) => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout);
const uidOf = (user: string) => idOf('-u', user);
const gidOf = (user: string) => idOf('-g', user);
