import type { EventContract, ServiceName } from '#libs/contracts';
import type { BaseConfig } from '#libs/config';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

export interface MessagingOptions {
  service: ServiceName;
  /** The service's Postgres schema, home of its outbox, inbox and parked events. */
  schema: string;
  /** Events this service subscribes to; each needs exactly one @EventPattern handler. */
  consumes: readonly EventContract[];
  /**
   * RPC patterns it calls on other services, as its manifest declares them (its broker user may publish
   * only those): RpcClient refuses any other, so an undeclared call fails on every broker, not only on
   * one with a user per service. Unset (tools, benchmarks): any call.
   */
  calls?: readonly string[];
  config: Pick<
    BaseConfig,
    | 'NATS_URL'
    | 'NATS_NAMESPACE'
    | 'DATABASE_URL'
    | 'EVENT_MAX_DELIVER'
    | 'EVENT_ACK_WAIT_MS'
    | 'EVENT_DUPLICATE_WINDOW_MS'
    | 'OUTBOX_POLL_INTERVAL_MS'
    | 'MESSAGING_PRUNE_INTERVAL_MS'
    | 'RPC_TIMEOUT_MS'
  >;
}
