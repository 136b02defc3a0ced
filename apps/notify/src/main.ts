import { bootstrapService } from '#libs/service-kit';
import { notifyConfigSchema } from './config.js';
import { NotifyModule } from './notify.module.js';

await bootstrapService({
  name: 'notify',
  schema: 'notify',
  configSchema: notifyConfigSchema,
  module: (config, logger) => NotifyModule.register(config, logger),
});
