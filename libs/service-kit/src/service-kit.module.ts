import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EventContract, ServiceName } from '#libs/contracts';
import { AuthModule } from '#libs/auth';
import { type BaseConfig, ConfigModule, type SigningKey } from '#libs/config';
import { MessagingModule } from '#libs/messaging';
import { type Logger, ObservabilityModule } from '#libs/observability';
import { serviceDataSourceOptions } from '#libs/persistence';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import type { MetricsAccess } from './metrics-access.js';
import { MetricsModule } from './metrics.module.js';
import { RedisModule } from './redis.module.js';
import { SERVICE_NAME } from './tokens.js';

export interface ServiceCoreOptions {
  service: ServiceName;
  schema: string;
  config: BaseConfig;
  logger: Logger;
  migrations: Function[];
  consumes?: readonly EventContract[];
  /** RPC patterns it calls (its manifest's `broker.calls`); any other call is refused. */
  calls?: readonly string[];
  /** Access-token lifetime; only the gateway signs tokens. */
  tokenTtlSeconds?: number;
  /** The private token key; only the gateway has one. */
  signingKey?: SigningKey;
  /** Who may read /metrics. */
  metricsAccess: MetricsAccess;
}

/** Health endpoint and checks; the name is the running service's. */
@Module({})
class HealthModule {
  static forService(service: ServiceName): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: SERVICE_NAME, useValue: service }, HealthService],
      exports: [HealthService],
    };
  }
}

/** What every service is made of besides its domain: config, logs, Postgres, the bus, auth, Redis, health, metrics. */
export function serviceCoreModules(options: ServiceCoreOptions): DynamicModule[] {
  const { config } = options;
  return [
    ConfigModule.forRoot(config),
    ObservabilityModule.forRoot(options.logger),
    TypeOrmModule.forRoot({
      ...serviceDataSourceOptions({
        url: config.DATABASE_URL,
        schema: options.schema,
        entities: [],
        migrations: options.migrations,
      }),
      autoLoadEntities: true,
    }),
    MessagingModule.forRoot({
      service: options.service,
      schema: options.schema,
      consumes: options.consumes ?? [],
      calls: options.calls ?? [],
      config,
    }),
    AuthModule.forRoot({
      publicKeys: config.JWT_PUBLIC_KEYS,
      signingKey: options.signingKey,
      audience: config.JWT_AUDIENCE,
      issuer: config.JWT_ISSUER,
      ttlSeconds: options.tokenTtlSeconds,
    }),
    RedisModule.forRoot(config.REDIS_URL, config.REDIS_PREFIX),
    HealthModule.forService(options.service),
    MetricsModule.forService({ schema: options.schema, access: options.metricsAccess }),
  ];
}
