import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BACKENDS, OperationalVerb, operationalPattern, ROUTE_LIST, ServiceRpcPattern } from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { GatewayAuthModule } from './auth/auth.module.js';
import { gatewayConfigSchema } from './config.js';
import { AuditModule } from './audit/audit.module.js';
import { auditStreamName, checkpointSubjects } from './audit/checkpoint-stream.js';
import { recordRequests } from './audit/record-requests.js';
import { serveConsole } from './console/serve-console.js';
import { seedDemoCounty } from './demo/seed-demo-county.js';
import { DirectoryModule } from './directory/directory.module.js';
import { ApiDocsController } from './docs/api-docs.controller.js';
import { ForwardingModule } from './forwarding/forwarding.module.js';
import { registerMultipart } from './forwarding/multipart.js';
import { SystemHealthController } from './health/system-health.controller.js';
import { gatewayMigrations } from './migrations/index.js';
import { checkRouteTable } from './routes/route-table.js';
import { acceptTextBodies } from './routes/text-bodies.js';

/**
 * The one public HTTP entry: sign-in, the directory, forwarding to the services (made from the route
 * definitions), aggregate health, the OpenAPI document, and the audit log of every command and read of
 * personal data that passes it; it refuses to start unless every definition has one handler.
 */
export const gatewayManifest = defineService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  migrations: gatewayMigrations,
  appendOnlyTables: ['audit_log'],
  consumes: [],
  broker: {
    // It forwards every route to its service, asks each backend for its health, and dispatch for a
    // unit's open work before retiring it.
    calls: [
      ...ROUTE_LIST.flatMap((route) => (route.rpc ? [route.rpc] : [])),
      ...BACKENDS.map((service) => operationalPattern(service, OperationalVerb.Health)),
      ServiceRpcPattern.DispatchUnitCommitments,
    ],
    streams: [{ name: auditStreamName, subjects: checkpointSubjects }],
    attachments: true,
  },
  imports: (config) => [
    GatewayAuthModule,
    DirectoryModule,
    ForwardingModule,
    AuditModule.forRoot(config.AUDIT_CHECKPOINT_INTERVAL_MS),
  ],
  controllers: [SystemHealthController, ApiDocsController],
  tokenTtlSeconds: (config) => config.JWT_TTL_SECONDS,
  signingKey: (config) => config.JWT_SIGNING_KEY,
  publicEntry: true,
  trustProxy: (config) => config.TRUST_PROXY,
  beforeStart: async (app, config, logger) => {
    const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
    checkRouteTable(fastify, ROUTE_LIST, logger);
    acceptTextBodies(fastify, ROUTE_LIST);
    registerMultipart(app, config);
    recordRequests(app, logger);
    serveConsole(app, config.CONSOLE_DIR, logger);
    if (config.DEMO_SEED && config.DEMO_PASSWORD) await seedDemoCounty(app, config.DEMO_PASSWORD, logger);
  },
});
