import { bootstrapService } from '#libs/service-kit';
import { dispatchConfigSchema } from './config.js';
import { DispatchModule } from './dispatch.module.js';

await bootstrapService({
  name: 'dispatch',
  schema: 'dispatch',
  configSchema: dispatchConfigSchema,
  module: (config, logger) => DispatchModule.register(config, logger),
});
