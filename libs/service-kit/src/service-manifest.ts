import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { z } from 'zod';
import type { BaseConfig, SigningKey } from '#libs/config';
import { type EventContract, SERVICE_CATALOG, type ServiceName } from '#libs/contracts';
import type { BrokerUse } from '#libs/messaging';
import type { Logger } from '#libs/observability';

export type ServiceConfig = BaseConfig & { PORT: number; HOST: string };

/**
 * Everything that makes one service, in one place: boot, migrations (`npm run migrate`), the boot
 * checks of its event handlers and RPC patterns, and its health are all derived from it. Its schema
 * and default port come from `SERVICE_CATALOG`.
 */
export interface ServiceManifest<C extends ServiceConfig = ServiceConfig> {
  name: ServiceName;
  configSchema: z.ZodType<C>;
  /** In order; a migration, once released, is never edited. */
  migrations: Function[];
  /** Tables of its schema its run-time database role may only read and append to (audit chains). */
  appendOnlyTables?: readonly string[];
  /** Events it subscribes to; each needs exactly one @OnEvent handler. */
  consumes: readonly EventContract[];
  /**
   * What else it does on the broker: the RPC it calls, streams of its own, the attachments bucket.
   * With `consumes` and its name, this is all its NATS user may do (`npm run nats-config`).
   */
  broker?: BrokerUse;
  /** Its domain modules (and what else it needs, such as a queue), given the validated config. */
  imports: (config: C, logger: Logger) => Array<DynamicModule | Type<unknown>>;
  controllers?: Array<Type<unknown>>;
  /** Access-token lifetime; only the gateway signs tokens. */
  tokenTtlSeconds?: (config: C) => number;
  /**
   * The service's HTTP port faces the internet (the gateway): without a METRICS_TOKEN its /metrics
   * answers only callers on its own machine (see metrics-access.ts).
   */
  publicEntry?: boolean;
  /** Whether the HTTP client address comes from X-Forwarded-For (a service behind a proxy). */
  trustProxy?: (config: C) => boolean;
  /** The private key that signs access tokens; only the gateway has one. */
  signingKey?: (config: C) => SigningKey;
  /** Runs after migrations and before the service starts taking traffic. */
  beforeStart?: (app: INestApplication, config: C, logger: Logger) => Promise<void>;
}

/** Keeps the config type of a manifest literal. */
export const defineService = <C extends ServiceConfig>(manifest: ServiceManifest<C>): ServiceManifest<C> => manifest;

export const schemaOf = (service: ServiceName): string => SERVICE_CATALOG[service].schema;
