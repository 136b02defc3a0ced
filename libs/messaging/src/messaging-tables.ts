/**
 * DDL of the outbox, inbox and parked-event tables that every service keeps in its own schema.
 * Used by each service's first migration.
 */
export function messagingTablesUp(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `CREATE TABLE ${s}.outbox (
      id uuid PRIMARY KEY,
      type text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text
    )`,
    `CREATE INDEX outbox_pending_idx ON ${s}.outbox (created_at) WHERE published_at IS NULL`,
    `CREATE INDEX outbox_published_idx ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL`,
    `CREATE TABLE ${s}.inbox (
      event_id uuid NOT NULL,
      consumer text NOT NULL,
      handled_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (event_id, consumer)
    )`,
    `CREATE INDEX inbox_handled_idx ON ${s}.inbox (handled_at)`,
    `CREATE TABLE ${s}.parked_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      consumer text NOT NULL,
      event_id uuid,
      type text,
      data bytea NOT NULL,
      reason text NOT NULL,
      deliveries integer NOT NULL,
      parked_at timestamptz NOT NULL DEFAULT now(),
      replayed_at timestamptz
    )`,
    `CREATE INDEX parked_events_open_idx ON ${s}.parked_events (parked_at) WHERE replayed_at IS NULL`,
  ];
}

export function messagingTablesDown(schema: string): string[] {
  return ['parked_events', 'inbox', 'outbox'].map((table) => `DROP TABLE "${schema}".${table}`);
}

export const outboxChannel = (schema: string): string => `${schema}_outbox`;
