import type { z } from 'zod';
import { envelopeSchema, type EventEnvelope } from './envelope.js';
import type { EventContract } from './event-contract.js';
import { EVENT_CONTRACTS } from './events.js';

export type ParsedEvent =
  | { ok: true; envelope: EventEnvelope; contract: EventContract }
  | { ok: false; reason: string; eventId?: string; type?: string };

const byKey = new Map(EVENT_CONTRACTS.map((c) => [`${c.type}@${c.version}`, c]));

export function findContract(type: string, version: number): EventContract | undefined {
  return byKey.get(`${type}@${version}`);
}

/**
 * Describes validation problems by path and rule only, never by value, so a reason can be
 * logged and stored without leaking personal data.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}

/** Validates raw bytes as an envelope plus the payload of a known, versioned contract. */
export function parseEvent(raw: Uint8Array | string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `invalid envelope: ${describeIssues(envelope.error)}` };
  const { id, type, version } = envelope.data;
  const contract = findContract(type, version);
  if (!contract) return { ok: false, reason: `no contract for ${type} v${version}`, eventId: id, type };
  const payload = contract.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    return { ok: false, reason: `invalid payload: ${describeIssues(payload.error)}`, eventId: id, type };
  }
  return { ok: true, envelope: { ...envelope.data, payload: payload.data }, contract };
}
