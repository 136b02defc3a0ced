import type { ServiceName } from './vocabulary.js';

/*
 * Wire names. Everything is prefixed with a namespace so that deployments and test runs can
 * share one NATS server without seeing each other's traffic.
 */
export const eventSubject = (namespace: string, type: string): string => `${namespace}.${type}`;

/** All events a service produces live in one stream named after it. */
export const streamName = (namespace: string, producer: ServiceName): string =>
  `${namespace}_${producer}`.toUpperCase();

export const streamSubjects = (namespace: string, producer: ServiceName): string => `${namespace}.${producer}.>`;

export const rpcSubject = (namespace: string, pattern: string): string => `${namespace}.rpc.${pattern}`;

/** Durable consumer name: one per consuming service and event type. */
export const consumerName = (consumer: ServiceName, type: string): string =>
  `${consumer}__${type.replaceAll('.', '_')}`;

/**
 * Where a party's request-reply answers come back (`<prefix>.<id>`): one prefix per service (and one for
 * the operator's tools) rather than the shared `_INBOX`, so a party allowed to read its own replies
 * cannot read another's (a broker with a user per service grants each only its own).
 */
export const inboxPrefix = (namespace: string, party: string): string => `_INBOX.${namespace}.${party}`;

/** The broker user (and inbox party) of the operational tools: `npm run events`, `npm run audit`. */
export const OPERATOR_USER = 'operator';
