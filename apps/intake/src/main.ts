import { bootstrapService } from '#libs/service-kit';
import { intakeConfigSchema } from './config.js';
import { IntakeModule } from './intake.module.js';

await bootstrapService({
  name: 'intake',
  schema: 'intake',
  configSchema: intakeConfigSchema,
  module: (config, logger) => IntakeModule.register(config, logger),
});
