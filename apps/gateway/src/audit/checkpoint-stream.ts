import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';

/**
 * Where the audit chain's checkpoints are kept apart from the database: a JetStream stream that
 * refuses to delete or purge messages. Someone who can rewrite the audit table (a database owner)
 * cannot reach it, and a service that may publish a checkpoint cannot take one back.
 */
export const auditStreamName = (namespace: string): string => `${namespace}_AUDIT`.toUpperCase();
export const checkpointSubject = (namespace: string, chainName: string): string =>
  `${namespace}.audit.checkpoint.${chainName}`;
/** Every chain's checkpoints: the stream's subjects, and what the gateway's broker user may publish. */
export const checkpointSubjects = (namespace: string): string => `${namespace}.audit.checkpoint.>`;

export function auditStreamConfig(namespace: string): Partial<StreamConfig> & { name: string } {
  return {
    name: auditStreamName(namespace),
    subjects: [checkpointSubjects(namespace)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    deny_delete: true,
    deny_purge: true,
    num_replicas: 1,
  };
}

/** A published checkpoint: the chain's head at a moment. */
export interface CheckpointMessage {
  chain: string;
  seq: number;
  hash: string;
  at: string;
}
