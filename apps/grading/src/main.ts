import { bootstrapService } from '#libs/service-kit';
import { gradingConfigSchema } from './config.js';
import { GradingModule } from './grading.module.js';

await bootstrapService({
  name: 'grading',
  schema: 'grading',
  configSchema: gradingConfigSchema,
  module: (config, logger) => GradingModule.register(config, logger),
});
