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
