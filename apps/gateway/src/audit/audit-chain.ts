import { createHash } from 'node:crypto';

/**
 * One entry of the audit log: who (user id and role), what (method and route pattern, and the object's
 * id), when and the outcome (HTTP status). Never a body, a query string or a header: no personal data.
 */
export interface AuditRecord {
  at: Date;
  /** Null for a caller without a token (a tipster, a failed sign-in). */
  actorId: string | null;
  actorRole: string;
  /** `POST /api/cases/:id/assign`: the route pattern, never the raw URL. */
  action: string;
  objectId: string | null;
  outcome: number;
  correlationId: string | null;
}

export interface AuditEntry extends AuditRecord {
  /** Position in the chain, 1 for the first entry; assigned under the append lock. */
  seq: number;
  prevHash: string;
  hash: string;
}

/** A chain head published elsewhere, to notice a tail cut off or the whole chain rewritten. */
export interface Checkpoint {
  seq: number;
  hash: string;
}

/** The hash before the first entry. */
export const GENESIS = '';

/**
 * The canonical form of an entry: a JSON array in a fixed order, so the same entry always hashes the
 * same. The sequence number is part of it, so swapping two entries changes both.
 */
export function canonical(seq: number, record: AuditRecord): string {
  return JSON.stringify([
    seq,
    record.at.toISOString(),
    record.actorId,
    record.actorRole,
    record.action,
    record.objectId,
    record.outcome,
    record.correlationId,
  ]);
}

/** hash = SHA-256(previous hash ‖ canonical entry), hex. */
export function linkHash(prevHash: string, seq: number, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(seq, record)).digest('hex');
}

/** Chains new records after a head (seq 0 and GENESIS for an empty log). */
export function chain(head: Checkpoint, records: readonly AuditRecord[]): AuditEntry[] {
  let { seq, hash } = head;
  return records.map((record) => {
    seq += 1;
    const prevHash = hash;
    hash = linkHash(prevHash, seq, record);
    return { ...record, seq, prevHash, hash };
  });
}

export interface BrokenLink {
  /** The first entry (by sequence) that does not verify, or the checkpoint's position. */
  seq: number;
  reason: string;
}

export interface Verification {
  entries: number;
  head: Checkpoint;
  checkpoints: number;
  broken?: BrokenLink;
}

/**
 * Walks the chain in sequence order, one entry at a time (a long log is read in pages), and names the
 * first broken link: an entry whose content no longer gives its hash (edited), a gap in the sequence
 * (deleted), an entry that does not name its predecessor's hash (deleted, reordered or inserted).
 * Then each checkpoint must still be in the chain with the same hash: what a rewrite of the whole
 * tail, or a deleted last entry, cannot hide.
 */
export class ChainWalk {
  private head: Checkpoint = { seq: 0, hash: GENESIS };
  private count = 0;
  private broken?: BrokenLink;
  /** Hashes of the positions some checkpoint names, kept while walking. */
  private readonly wanted = new Map<number, string | undefined>();

  constructor(private readonly checkpoints: readonly Checkpoint[] = []) {
    for (const checkpoint of checkpoints) this.wanted.set(checkpoint.seq, undefined);
  }

  /** False once a broken link was found: the rest need not be read. */
  push(entry: AuditEntry): boolean {
    if (this.broken) return false;
    this.count += 1;
    const { head } = this;
    if (entry.seq !== head.seq + 1) {
      this.broken = {
        seq: head.seq + 1,
        reason:
          entry.seq > head.seq + 1
            ? `entry #${head.seq + 1} is missing (deleted): the chain goes from #${head.seq} to #${entry.seq}`
            : `entry #${entry.seq} is out of order after #${head.seq}`,
      };
    } else if (linkHash(entry.prevHash, entry.seq, entry) !== entry.hash) {
      this.broken = { seq: entry.seq, reason: `entry #${entry.seq} was changed: its content no longer gives its hash` };
    } else if (entry.prevHash !== head.hash) {
      this.broken = {
        seq: entry.seq,
        reason: `entry #${entry.seq} does not follow #${head.seq}: an entry before it was changed, removed or replaced`,
      };
    } else {
      this.head = { seq: entry.seq, hash: entry.hash };
      if (this.wanted.has(entry.seq)) this.wanted.set(entry.seq, entry.hash);
    }
    return !this.broken;
  }

  finish(): Verification {
    const result = { entries: this.count, head: this.head, checkpoints: this.checkpoints.length };
    if (this.broken) return { ...result, broken: this.broken };
    for (const checkpoint of [...this.checkpoints].sort((a, b) => a.seq - b.seq)) {
      const hash = this.wanted.get(checkpoint.seq);
      if (hash === undefined) {
        return {
          ...result,
          broken: {
            seq: checkpoint.seq,
            reason: `checkpoint #${checkpoint.seq} is past the chain's head #${this.head.seq}: entries were cut off its end`,
          },
        };
      }
      if (hash !== checkpoint.hash) {
        return {
          ...result,
          broken: {
            seq: checkpoint.seq,
            reason: `entry #${checkpoint.seq} differs from its checkpoint: the chain was rewritten up to it`,
          },
        };
      }
    }
    return result;
  }
}

export function verifyChain(entries: Iterable<AuditEntry>, checkpoints: readonly Checkpoint[] = []): Verification {
  const walk = new ChainWalk(checkpoints);
  for (const entry of entries) if (!walk.push(entry)) break;
  return walk.finish();
}
