import {
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { type ServiceName, streamName, streamSubjects } from '#libs/contracts';

/** How long a stream keeps events: the horizon of any redelivery or replay. */
export const STREAM_RETENTION_DAYS = 30;

/** The one definition of a producer's stream, so every service that creates it creates the same thing. */
export function streamConfig(
  namespace: string,
  producer: ServiceName,
  duplicateWindowMs: number,
): Partial<StreamConfig> & { name: string } {
  return {
    name: streamName(namespace, producer),
    subjects: [streamSubjects(namespace, producer)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(STREAM_RETENTION_DAYS * 24 * 60 * 60 * 1000),
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: 1,
  };
}

/**
 * Creates the streams, or brings an existing one's mutable settings up to date; safe to repeat. Only
 * `owner`'s own stream is updated: a consumer makes a producer's stream again when the broker lost it,
 * but never changes it (its broker user may not).
 */
export async function ensureStreams(
  nats: NatsConnection,
  namespace: string,
  producers: Iterable<ServiceName>,
  duplicateWindowMs: number,
  owner: ServiceName,
): Promise<void> {
  const jsm = await jetstreamManager(nats);
  for (const producer of new Set(producers)) {
    const config = streamConfig(namespace, producer, duplicateWindowMs);
    const name = config.name;
    try {
      const existing = await jsm.streams.info(name);
      const current = existing.config;
      if (producer !== owner) continue;
      if (current.duplicate_window !== config.duplicate_window || current.max_age !== config.max_age) {
        await jsm.streams.update(name, {
          ...current,
          duplicate_window: config.duplicate_window,
          max_age: config.max_age,
        });
      }
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (addError) {
        // Another service created it in the meantime: fine, as long as it exists now.
        await jsm.streams.info(name).catch(() => {
          throw addError;
        });
      }
    }
  }
}

function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}
