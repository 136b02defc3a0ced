import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import pg from 'pg';
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

  /**
   * Two round trips: begin, lock and read the head in one string; the insert and the commit in
   * another. The entries travel as one JSON literal (escaped by node-postgres), since a string of
   * several statements takes no parameters.
   */
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
      const rows = entries.map((e) => ({
        seq: e.seq,
        at: e.at.toISOString(),
        actor_id: e.actorId,
        actor_role: e.actorRole,
        action: e.action,
        object_id: e.objectId,
        outcome: e.outcome,
        correlation_id: e.correlationId,
        prev_hash: e.prevHash,
        hash: e.hash,
      }));
      await client.query(
        `INSERT INTO identity.audit_log
           (seq, at, actor_id, actor_role, action, object_id, outcome, correlation_id, prev_hash, hash)
         SELECT seq, at, actor_id, actor_role, action, object_id, outcome, correlation_id, prev_hash, hash
           FROM jsonb_to_recordset(${pg.escapeLiteral(JSON.stringify(rows))}::jsonb)
             AS r(seq bigint, at timestamptz, actor_id uuid, actor_role text, action text, object_id text,
                  outcome integer, correlation_id text, prev_hash text, hash text);
         COMMIT`,
      );
      return entries.map((e) => e.seq);
    });
  }
}
