import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupCommit, resultsOf, withPooledConnection } from '#libs/persistence';
import { type AuditRecord, chain, type Checkpoint, GENESIS } from './audit-chain.js';

/** Serializes appends across every gateway process: each batch chains after the true head. */
const APPEND_LOCK = 'identity.audit_log';

/**
 * Appends to identity.audit_log. Appends are serialized by a transaction-scoped advisory lock (held
 * until commit, so the head read under it is the committed head) and group-committed: requests that
 * finish while a batch is being written go together in the next one.
 */
@Injectable()
export class AuditLog {
  private readonly groupCommit = new GroupCommit<AuditRecord, number>((records) => this.write(records), {
    parallel: 1,
  });

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves with the entry's sequence number once it is committed. */
  append(record: AuditRecord): Promise<number> {
    return this.groupCommit.submit(record);
  }

  async head(): Promise<Checkpoint> {
    const [last] = await this.dataSource.query<Array<{ seq: string; hash: string }>>(
      'SELECT seq, hash FROM identity.audit_log ORDER BY seq DESC LIMIT 1',
    );
    return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS };
  }

  /** Three round trips: begin, lock and read the head in one string; the insert; the commit. */
  private write(records: readonly AuditRecord[]): Promise<number[]> {
    return withPooledConnection(this.dataSource, async (client) => {
      const [, , head] = resultsOf<{ seq: string; hash: string }>(
        await client.query(
          `BEGIN; SELECT pg_advisory_xact_lock(hashtext('${APPEND_LOCK}'));
           SELECT seq, hash FROM identity.audit_log ORDER BY seq DESC LIMIT 1`,
        ),
      );
      const [last] = head.rows;
      const entries = chain(last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS }, records);
      await client.query(
        `INSERT INTO identity.audit_log
           (seq, at, actor_id, actor_role, action, object_id, outcome, correlation_id, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[],
           $7::integer[], $8::text[], $9::text[], $10::text[])`,
        [
          entries.map((e) => e.seq),
          entries.map((e) => e.at.toISOString()),
          entries.map((e) => e.actorId),
          entries.map((e) => e.actorRole),
          entries.map((e) => e.action),
          entries.map((e) => e.objectId),
          entries.map((e) => e.outcome),
          entries.map((e) => e.correlationId),
          entries.map((e) => e.prevHash),
          entries.map((e) => e.hash),
        ],
      );
      await client.query('COMMIT');
      return entries.map((e) => e.seq);
    });
  }
}
