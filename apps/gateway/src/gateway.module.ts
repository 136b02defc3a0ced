import type { DynamicModule } from '@nestjs/common';
import type { Logger } from '#libs/observability';
import { serviceCoreModules } from '#libs/service-kit';
import { GatewayAuthModule } from './auth/auth.module.js';
import type { GatewayConfig } from './config.js';
import { DirectoryModule } from './directory/directory.module.js';
import { ForwardingModule } from './forwarding/forwarding.module.js';
import { SystemHealthController } from './health/system-health.controller.js';
import { gatewayMigrations } from './migrations/index.js';

export class GatewayModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ...serviceCoreModules({
          service: 'gateway',
          schema: 'identity',
          config,
          logger,
          migrations: gatewayMigrations,
          tokenTtlSeconds: config.JWT_TTL_SECONDS,
        }),
        GatewayAuthModule,
        DirectoryModule,
        ForwardingModule,
      ],
      controllers: [SystemHealthController],
    };
  }
}
