import 'reflect-metadata';
import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { OperationalVerb } from '#libs/contracts';
import { ConfigError, loadConfig } from '#libs/config';
import { errorCodeFor } from '#libs/errors';
import { BusTransport } from '#libs/messaging';
import { createLogger, metrics, NestPinoLogger } from '#libs/observability';
import { credentialsOf, runMigrations, serviceDataSourceOptions } from '#libs/persistence';
import { correlateRequests } from './correlation.interceptor.js';
import { HealthService } from './health.service.js';
import { boundHeapGrowth } from './heap-growth.js';
import { ErrorFilter } from './error.filter.js';
import { lingerOnRefusedBodies } from './lingering-close.js';
import { logRequests } from './access-log.js';
import { metricsAccessMode } from './metrics-access.js';
import { schemaOf, type ServiceConfig, type ServiceManifest } from './service-manifest.js';
import { serviceCoreModules } from './service-kit.module.js';
import { secureResponses } from './security-headers.js';

/** The root module of the one service a process runs. */
@Module({})
class ServiceModule {}

/**
 * Boots one service from its manifest: validated config, migrations under a lock, the NATS bus,
 * then HTTP. A configuration problem prints one line per variable and exits with status 1.
 */
export async function bootstrapService<C extends ServiceConfig>(
  definition: ServiceManifest<C>,
): Promise<INestApplication> {
  let config: C;
  try {
    // Only the gateway may hold the private token key: a service given it refuses to start.
    if (!definition.signingKey && process.env.JWT_SIGNING_KEY) {
      throw new ConfigError(definition.name, [
        'JWT_SIGNING_KEY is set: only the gateway signs tokens; remove the private key from this service',
      ]);
    }
    config = loadConfig(definition.name, definition.configSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  boundHeapGrowth(config.HEAP_GROWTH_PERCENT);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  metrics.start(definition.name);
  const trustProxy = definition.trustProxy?.(config) ?? false;
  const metricsAccess = {
    mode: metricsAccessMode({ token: config.METRICS_TOKEN, publicEntry: definition.publicEntry ?? false, trustProxy }),
    token: config.METRICS_TOKEN,
  };
  try {
    // With the owner's connection: migrate with it and give this service's own role its schema,
    // before the service connects as that role.
    const ownerMigrations = config.DATABASE_OWNER_URL ? await migrateAsOwner(definition, config) : undefined;
    const root: DynamicModule = {
      module: ServiceModule,
      imports: [
        ...serviceCoreModules({
          service: definition.name,
          schema: schemaOf(definition.name),
          config,
          logger,
          migrations: definition.migrations,
          consumes: definition.consumes,
          calls: definition.broker?.calls ?? [],
          tokenTtlSeconds: definition.tokenTtlSeconds?.(config),
          signingKey: definition.signingKey?.(config),
          metricsAccess,
        }),
        ...definition.imports(config, logger),
      ],
      controllers: definition.controllers ?? [],
    };
    const app = await NestFactory.create<NestFastifyApplication>(
      root,
      new FastifyAdapter({
        // Far above any valid request, and below NATS's 1 MiB message limit once forwarded.
        bodyLimit: 256 * 1024,
        trustProxy,
        // Router-level refusals (a malformed URL, an over-long path segment) in the one error shape.
        frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
          const status = error.statusCode ?? 400;
          void reply.status(status).send({ status, error: errorCodeFor(status), message: error.message });
        },
      }),
      { logger: new NestPinoLogger(logger), abortOnError: false },
    );
    // JSON only: a text/plain body is refused with 415 instead of reaching a handler as a string.
    const fastify = app.getHttpAdapter().getInstance();
    fastify.removeContentTypeParser('text/plain');
    secureResponses(app);
    lingerOnRefusedBodies(fastify);
    correlateRequests(fastify);
    logRequests(fastify, logger);
    app.useGlobalFilters(new ErrorFilter(logger));
    app.enableShutdownHooks();

    const applied = ownerMigrations ?? (await runMigrations(app.get(DataSource), schemaOf(definition.name)));
    logger.info({ applied }, 'migrations up to date');
    await definition.beforeStart?.(app, config, logger);

    const transport = app.get(BusTransport);
    transport.addOperationalHandler(OperationalVerb.Health, () => app.get(HealthService).check());
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });

    await app.init();
    await app.startAllMicroservices();
    await app.listen(config.PORT, config.HOST);
    logger.info({ port: config.PORT }, `${definition.name} ready`);
    return app;
  } catch (error) {
    logger.fatal({ err: error instanceof Error ? error.message : String(error) }, `${definition.name} failed to start`);
    process.exit(1);
  }
}

/** Migrations over DATABASE_OWNER_URL, then the grants of DATABASE_URL's user (unless it is the owner). */
export async function migrateAsOwner(
  definition: Pick<ServiceManifest, 'name' | 'migrations' | 'appendOnlyTables'>,
  config: Pick<ServiceConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL'>,
): Promise<number> {
  const ownerUrl = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  const schema = schemaOf(definition.name);
  const dataSource = new DataSource(
    serviceDataSourceOptions({ url: ownerUrl, schema, entities: [], migrations: definition.migrations, poolSize: 2 }),
  );
  await dataSource.initialize();
  try {
    const service = credentialsOf(config.DATABASE_URL);
    const sameUser = service.user === credentialsOf(ownerUrl).user;
    return await runMigrations(
      dataSource,
      schema,
      sameUser
        ? undefined
        : { role: service.user, password: service.password, appendOnly: definition.appendOnlyTables },
    );
  } finally {
    await dataSource.destroy();
  }
}
