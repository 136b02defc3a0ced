import { bootstrapService } from '#libs/service-kit';
import { gatewayConfigSchema } from './config.js';
import { seedDemoCounty } from './demo/seed-demo-county.js';
import { GatewayModule } from './gateway.module.js';

await bootstrapService({
  name: 'gateway',
  schema: 'identity',
  configSchema: gatewayConfigSchema,
  module: (config, logger) => GatewayModule.register(config, logger),
  beforeStart: async (app, config, logger) => {
    if (config.DEMO_SEED && config.DEMO_PASSWORD) await seedDemoCounty(app, config.DEMO_PASSWORD, logger);
  },
});
